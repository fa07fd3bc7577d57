package io.switchboard.request;

import java.time.Duration;

/**
 * What the request path reports as it happens (the node exports it; {@link #NONE} by default).
 * Called from actors and stream stages: implementations must be thread-safe and must not block.
 */
public interface RequestMetrics {

  /** Reports nothing. */
  RequestMetrics NONE = new RequestMetrics() {};

  /** A request ended, counted once where its reply stream stored the end. */
  default void ended(Outcome outcome) {}

  /** A reattach came after the retention window (answered EXPIRED). */
  default void expired() {}

  /** The time from the request being stored to its first chunk being stored. */
  default void firstChunk(Duration sinceAccepted) {}

  /** The time between two chunks of one delivery being stored. */
  default void betweenChunks(Duration gap) {}

  /** The time from the request being stored to its first delivery starting, by band and tenant. */
  default void queueWait(String priority, String tenant, Duration waited) {}

  /** A chunk (or final reply) of {@code bytes} payload bytes was stored for the caller. */
  default void relayed(long bytes) {}

  /**
   * A request ended with the token usage its worker reported (with its end, or after a cancel or a
   * deadline), counted once where its reply stream stored it; {@code topic} and {@code tenant} are
   * {@code default} when unknown.
   */
  default void tokens(String topic, String tenant, Usage usage) {}

  /**
   * A worker's reply or end was refused because the request ended or moved; {@code reason} says
   * which.
   */
  default void refused(String reason) {}
}
