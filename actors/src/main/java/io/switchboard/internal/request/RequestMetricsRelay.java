package io.switchboard.internal.request;

import io.switchboard.request.Outcome;
import io.switchboard.request.RequestMetrics;
import io.switchboard.request.Usage;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@link RequestMetrics} the library's parts hold from the start; the node points it at its
 * registry later ({@link #observe}), so reply streams started before that are counted after it.
 */
public final class RequestMetricsRelay implements RequestMetrics {
  private volatile RequestMetrics target = NONE;

  /** Sends every later report to {@code metrics}. */
  public void observe(RequestMetrics metrics) {
    this.target = Objects.requireNonNull(metrics, "metrics");
  }

  @Override
  public void ended(Outcome outcome) {
    target.ended(outcome);
  }

  @Override
  public void expired() {
    target.expired();
  }

  @Override
  public void firstChunk(Duration sinceAccepted) {
    target.firstChunk(sinceAccepted);
  }

  @Override
  public void betweenChunks(Duration gap) {
    target.betweenChunks(gap);
  }

  @Override
  public void queueWait(String priority, String tenant, Duration waited) {
    target.queueWait(priority, tenant, waited);
  }

  @Override
  public void relayed(long bytes) {
    target.relayed(bytes);
  }

  @Override
  public void tokens(String topic, String tenant, Usage usage) {
    target.tokens(topic, tenant, usage);
  }

  @Override
  public void refused(String reason) {
    target.refused(reason);
  }
}
