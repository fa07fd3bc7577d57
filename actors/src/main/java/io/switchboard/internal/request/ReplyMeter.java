package io.switchboard.internal.request;

import io.switchboard.message.Message;
import io.switchboard.request.Outcome;
import io.switchboard.request.RequestMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One reply stream's reports to {@link RequestMetrics}: called after its events are persisted
 * (never during recovery), so a replayed stream is not counted twice.
 */
final class ReplyMeter {
  private final RequestMetrics metrics;
  private final Clock clock;
  // In memory only: after a passivation the next chunk has no previous one to measure from.
  private Instant lastStored;

  ReplyMeter(RequestMetrics metrics, Clock clock) {
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Chunk {@code seq} was stored; {@code state} already holds it (and maybe later ones of the same
   * write).
   */
  void stored(ReplyLog state, long seq, byte[] payload) {
    Instant now = clock.instant();
    metrics.relayed(payload.length);
    if (seq == 1) {
      metrics.firstChunk(sinceOpened(state, now));
    } else if (lastStored != null) {
      metrics.betweenChunks(Duration.between(lastStored, now));
    }
    lastStored = now;
  }

  /** The request ended; {@code state} holds the end. */
  void ended(ReplyLog state) {
    Outcome outcome = state.end().outcome();
    metrics.ended(outcome);
    if (outcome == Outcome.COMPLETED) {
      metrics.relayed(state.end().payload().length);
      if (state.stored() == 0) {
        metrics.firstChunk(
            sinceOpened(state, clock.instant())); // the final reply is the first element
      }
    }
    tokens(state);
  }

  /** Counts the usage the end of {@code state} carries, if any (once per end or late report). */
  void tokens(ReplyLog state) {
    if (state.end().usage() != null) {
      metrics.tokens(orDefault(state.topic()), orDefault(state.tenant()), state.end().usage());
    }
  }

  /** Returns how long ago the request was opened, as the first delivery of it starts. */
  Duration queued(ReplyLog state) {
    return sinceOpened(state, clock.instant());
  }

  void expired() {
    metrics.expired();
  }

  /**
   * Counts {@code count} worker writes refused by {@code refusal}, when it refuses a late writer.
   */
  void refused(ReplyRefusal refusal, int count) {
    String reason = refusal == null ? null : refusal.label();
    for (int i = 0; i < count && reason != null; i++) {
      metrics.refused(reason);
    }
  }

  private static String orDefault(String label) {
    return label == null || label.isBlank() ? "default" : label;
  }

  private static Duration sinceOpened(ReplyLog state, Instant now) {
    return Duration.ofMillis(Math.max(0, now.toEpochMilli() - state.openedAtMillis()));
  }

  /** Returns a request's header as a metrics label: {@code default} when absent or empty. */
  static String label(Message request, String header) {
    String value = request.headers().get(header);
    return value == null || value.isBlank() ? "default" : value;
  }
}
