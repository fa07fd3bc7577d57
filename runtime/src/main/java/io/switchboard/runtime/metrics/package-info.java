/**
 * Prometheus metrics of a node: {@link io.switchboard.runtime.metrics.NodeMetrics} holds the
 * registry, the HTTP-layer counters and latency, JVM metrics, and the gauges fed by topic stats.
 */
package io.switchboard.runtime.metrics;
