package io.switchboard.consumer;

import io.switchboard.message.Message;
import java.time.Duration;

/**
 * One delivery of a message to a consumer of a group. Ack it when done; nack it to have it
 * redelivered (optionally after a delay). Unacknowledged past the lease, it is redelivered.
 */
public interface Delivery {

  Message message();

  String group();

  /** Returns 1 for the first delivery, 2 for the first redelivery, and so on. */
  int attempt();

  int partition();

  long offset();

  Receipt receipt();

  /** Settles the message for this group. */
  void ack();

  /** Returns the message for redelivery now. */
  default void nack() {
    nack(Duration.ZERO);
  }

  /** Returns the message for redelivery after {@code delay}. */
  void nack(Duration delay);
}
