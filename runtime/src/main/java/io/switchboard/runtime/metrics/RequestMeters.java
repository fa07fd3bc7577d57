package io.switchboard.runtime.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.switchboard.request.Outcome;
import io.switchboard.request.RequestMetrics;
import io.switchboard.request.Usage;
import java.time.Duration;
import java.util.Locale;

/**
 * The request path's reports as Prometheus meters ({@code switchboard_requests_*}). Reply streams
 * report where they live, so a cluster's numbers are the sum over its nodes.
 */
public final class RequestMeters implements RequestMetrics {
  private final MeterRegistry registry;
  private final Timer firstChunk;
  private final Timer betweenChunks;
  private final Counter chunks;
  private final Counter bytes;

  public RequestMeters(MeterRegistry registry) {
    this.registry = registry;
    this.firstChunk =
        timer(
                "switchboard.requests.first.chunk",
                "Time from a request being stored to its first chunk being stored")
            .register(registry);
    this.betweenChunks =
        timer("switchboard.requests.chunk.gap", "Time between two chunks of a request being stored")
            .register(registry);
    this.chunks =
        Counter.builder("switchboard.requests.relayed.chunks")
            .description("Reply chunks and final replies stored for callers")
            .register(registry);
    this.bytes =
        Counter.builder("switchboard.requests.relayed.bytes")
            .description("Payload bytes of the reply chunks and final replies stored for callers")
            .register(registry);
  }

  @Override
  public void ended(Outcome outcome) {
    outcome(outcome.name().toLowerCase(Locale.ROOT));
  }

  @Override
  public void expired() {
    outcome("expired");
  }

  @Override
  public void firstChunk(Duration sinceAccepted) {
    firstChunk.record(sinceAccepted);
  }

  @Override
  public void betweenChunks(Duration gap) {
    betweenChunks.record(gap);
  }

  @Override
  public void queueWait(String priority, String tenant, Duration waited) {
    timer(
            "switchboard.requests.queue.wait",
            "Time from a request being stored to its first delivery starting")
        .tags("priority", priority, "tenant", tenant)
        .register(registry)
        .record(waited);
  }

  @Override
  public void relayed(long payloadBytes) {
    chunks.increment();
    bytes.increment(payloadBytes);
  }

  @Override
  public void tokens(String topic, String tenant, Usage usage) {
    tokens(topic, tenant, "prompt").increment(usage.promptTokens());
    tokens(topic, tenant, "completion").increment(usage.completionTokens());
  }

  private Counter tokens(String topic, String tenant, String kind) {
    return Counter.builder("switchboard.requests.tokens")
        .description(
            "Tokens of completed requests as their workers reported them, by kind (prompt, completion)")
        .tags("topic", topic, "tenant", tenant, "kind", kind)
        .register(registry);
  }

  @Override
  public void refused(String reason) {
    Counter.builder("switchboard.requests.refused.replies")
        .description(
            "Worker replies refused because the request was cancelled, timed out, ended or moved")
        .tags("reason", reason)
        .register(registry)
        .increment();
  }

  private void outcome(String outcome) {
    Counter.builder("switchboard.requests.outcomes")
        .description(
            "Requests ended by outcome; expired counts reattaches after the retention window")
        .tags("outcome", outcome)
        .register(registry)
        .increment();
  }

  private static Timer.Builder timer(String name, String description) {
    return Timer.builder(name)
        .description(description)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofMinutes(10));
  }
}
