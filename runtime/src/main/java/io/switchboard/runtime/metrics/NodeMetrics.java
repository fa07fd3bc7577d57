package io.switchboard.runtime.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's metrics registry. Counters here are what the HTTP and gRPC layers saw on this node;
 * the cluster-wide numbers of each topic come from {@link TopicStatsGauges}.
 */
public final class NodeMetrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gc;
  private final Map<GrpcCounter, Counter> grpcCounters = new ConcurrentHashMap<>();

  public NodeMetrics() {
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.gc = new JvmGcMetrics();
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Returns the Prometheus text exposition of every metric. */
  public String scrape() {
    return registry.scrape();
  }

  /** Counts messages accepted for publishing by this node's HTTP API. */
  public void published(String topic, int count) {
    counter("switchboard.http.published", "Messages received for publishing", "topic", topic)
        .increment(count);
  }

  /** Counts publishes the partitions confirmed. */
  public void confirmed(String topic, int count) {
    counter("switchboard.http.confirmed", "Publishes confirmed by the partitions", "topic", topic)
        .increment(count);
  }

  /** Counts deliveries handed to HTTP consumers (pull and WebSocket). */
  public void delivered(String topic, String group, int count) {
    if (count > 0) {
      Counter.builder("switchboard.http.delivered")
          .description("Deliveries handed to HTTP consumers")
          .tags("topic", topic, "group", group)
          .register(registry)
          .increment(count);
    }
  }

  /** Counts receipts an ack or nack settled; {@code kind} is {@code ack} or {@code nack}. */
  public void settled(String topic, String group, String kind, int count) {
    Counter.builder("switchboard.http." + (kind.equals("ack") ? "acked" : "nacked"))
        .description("Receipts accepted by " + kind + " requests")
        .tags("topic", topic, "group", group)
        .register(registry)
        .increment(count);
  }

  /**
   * Counts what the gRPC service did on this node: {@code event} is published, confirmed, delivered
   * (written to a Consume stream), acked or nacked; {@code group} is empty for publishes.
   */
  public void grpc(String event, String topic, String group, int count) {
    if (count > 0) {
      // Called per frame of every stream: a lookup, not a meter id built and sorted each time.
      grpcCounters
          .computeIfAbsent(
              new GrpcCounter(event, topic, group),
              key ->
                  Counter.builder("switchboard.grpc." + event)
                      .description("gRPC service: messages " + event)
                      .tags("topic", topic, "group", group)
                      .register(registry))
          .increment(count);
    }
  }

  /** The tags of one gRPC counter; these counters are never removed, so they can be kept. */
  private record GrpcCounter(String event, String topic, String group) {}

  /** Records one HTTP request: its route template, method, status and duration. */
  public void request(String route, String method, int status, long nanos) {
    Timer.builder("switchboard.http.requests")
        .description("HTTP API requests")
        .tags("route", route, "method", method, "status", Integer.toString(status))
        .publishPercentileHistogram()
        .maximumExpectedValue(Duration.ofSeconds(60))
        .register(registry)
        .record(Duration.ofNanos(nanos));
  }

  private Counter counter(String name, String description, String tagName, String tagValue) {
    return Counter.builder(name)
        .description(description)
        .tags(tagName, tagValue)
        .register(registry);
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
