package io.switchboard.consumer;

import io.switchboard.message.Message;
import java.time.Duration;
import java.util.function.Consumer;

/** A delivery that settles itself through a callback (to its consumer actor or the partition). */
public record ReceivedDelivery(
    Message message, String group, Receipt receipt, Consumer<Settlement> settler)
    implements Delivery {

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
    settler.accept(new Settlement.Ack(receipt));
  }

  @Override
  public void nack(Duration delay) {
    settler.accept(new Settlement.Nack(receipt, delay.isNegative() ? Duration.ZERO : delay));
  }
}
