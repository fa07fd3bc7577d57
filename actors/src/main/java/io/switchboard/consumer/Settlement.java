package io.switchboard.consumer;

import java.time.Duration;

/** What a consumer decided about one delivery: acknowledged, or given back to be redelivered. */
public sealed interface Settlement {

  /** The delivery this settles. */
  Receipt receipt();

  /** Processed: the delivery is settled for good. */
  record Ack(Receipt receipt) implements Settlement {}

  /** Given back: redelivered to the group after {@code delay} (zero or more). */
  record Nack(Receipt receipt, Duration delay) implements Settlement {
    public Nack {
      if (delay.isNegative()) {
        throw new IllegalArgumentException("a nack's delay cannot be negative: " + delay);
      }
    }
  }
}
