package io.switchboard.internal.request;

import io.switchboard.message.CborSerializable;
import io.switchboard.request.Outcome;
import io.switchboard.request.Usage;
import java.util.Arrays;

/** What a reply stream writes to its journal. */
sealed interface ReplyEvent extends CborSerializable {

  /**
   * The request was sent to {@code topic} (null in events written before streams kept it); it ends
   * with DEADLINE_EXCEEDED at {@code deadlineMillis}. {@code window} is the caller's reply window
   * (0: the node's {@code switchboard.requests.window}, and in events written before requests
   * carried one); {@code tenant} labels its token usage (null: {@code default}).
   */
  record Opened(long deadlineMillis, long atMillis, String topic, int window, String tenant)
      implements ReplyEvent {
    Opened(long deadlineMillis, long atMillis, String topic) {
      this(deadlineMillis, atMillis, topic, 0, null);
    }
  }

  /**
   * The caller's connection dropped at {@code atMillis}: the request ends CANCELLED {@code
   * graceMillis} later unless a caller reads again. Journaled so that the grace outlives the node.
   */
  record Detached(long atMillis, long graceMillis) implements ReplyEvent {}

  /** A caller read the stream again after it was detached: the grace no longer runs. */
  record Reattached(long atMillis) implements ReplyEvent {}

  /** A delivery started the request; only this generation may append from now on. */
  record Started(int generation) implements ReplyEvent {}

  /** The next chunk (its seq is one above the previous). */
  record Appended(byte[] payload) implements ReplyEvent {
    @Override
    public boolean equals(Object o) {
      return o instanceof Appended a && Arrays.equals(payload, a.payload);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(payload);
    }
  }

  /**
   * The worker of a cancelled or timed-out request reported the tokens it generated before it
   * stopped; they become the end's usage.
   */
  record UsageReported(Usage usage) implements ReplyEvent {}

  /**
   * The request ended; {@code payload} is the final reply of a completed one (else empty), {@code
   * usage} the tokens its worker reported (null: none).
   */
  record Ended(Outcome outcome, String reason, byte[] payload, long atMillis, Usage usage)
      implements ReplyEvent {
    Ended(Outcome outcome, String reason, byte[] payload, long atMillis) {
      this(outcome, reason, payload, atMillis, null);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Ended e
          && outcome == e.outcome
          && java.util.Objects.equals(reason, e.reason)
          && Arrays.equals(payload, e.payload)
          && atMillis == e.atMillis
          && java.util.Objects.equals(usage, e.usage);
    }

    @Override
    public int hashCode() {
      return outcome.hashCode() * 31 + Long.hashCode(atMillis);
    }
  }
}
