/**
 * The {@code bench} load generator: {@link io.switchboard.runtime.bench.BenchRun} drives producers
 * and consumers against a {@link io.switchboard.runtime.bench.BenchTarget} (a node's HTTP API or
 * the library in-process) and reports throughput and latency percentiles.
 */
package io.switchboard.runtime.bench;
