package io.switchboard.request;

import io.switchboard.message.CborSerializable;
import java.util.Arrays;

/** What a reply stream writes to its journal. */
sealed interface ReplyEvent extends CborSerializable {

  /**
   * The request was sent to {@code topic} (null in events written before streams kept it); it
   * ends with DEADLINE_EXCEEDED at {@code deadlineMillis}.
   */
  record Opened(long deadlineMillis, long atMillis, String topic) implements ReplyEvent {}

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

  /** The request ended; {@code payload} is the final reply of a completed one (else empty). */
  record Ended(Outcome outcome, String reason, byte[] payload, long atMillis) implements ReplyEvent {
    @Override
    public boolean equals(Object o) {
      return o instanceof Ended e && outcome == e.outcome && java.util.Objects.equals(reason, e.reason)
          && Arrays.equals(payload, e.payload) && atMillis == e.atMillis;
    }

    @Override
    public int hashCode() {
      return outcome.hashCode() * 31 + Long.hashCode(atMillis);
    }
  }
}
