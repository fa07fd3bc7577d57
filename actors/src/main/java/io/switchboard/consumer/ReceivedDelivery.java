package io.switchboard.consumer;

import io.switchboard.message.Message;
import java.time.Duration;
import java.util.function.BiConsumer;

/** A delivery that settles itself through a callback (to its consumer actor or the partition). */
public record ReceivedDelivery(
    Message message, String group, Receipt receipt, BiConsumer<Receipt, Duration> settler)
    implements Delivery {

  /** The delay that marks an ack in the settler callback. */
  public static final Duration ACK = Duration.ofMillis(-1);

  @Override
  public int attempt() {
    return receipt.attempt();
  }

  @Override
  public int partition() {
    return receipt.partition();
  }

  @Override
  public long offset() {
    return receipt.offset();
  }

  @Override
  public void ack() {
    settler.accept(receipt, ACK);
  }

  @Override
  public void nack(Duration delay) {
    settler.accept(receipt, delay.isNegative() ? Duration.ZERO : delay);
  }
}
