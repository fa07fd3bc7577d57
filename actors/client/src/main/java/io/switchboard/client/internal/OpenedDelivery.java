package io.switchboard.client.internal;

import io.switchboard.consumer.Delivery;
import io.switchboard.consumer.Receipt;
import io.switchboard.message.Message;
import java.time.Duration;

/** A delivery whose message is shown with its end-to-end payload opened; settles the original. */
public record OpenedDelivery(Delivery delivery, Message message) implements Delivery {
  @Override
  public String group() {
    return delivery.group();
  }

  @Override
  public int attempt() {
    return delivery.attempt();
  }

  @Override
  public int partition() {
    return delivery.partition();
  }

  @Override
  public long offset() {
    return delivery.offset();
  }

  @Override
  public Receipt receipt() {
    return delivery.receipt();
  }

  @Override
  public void ack() {
    delivery.ack();
  }

  @Override
  public void nack(Duration delay) {
    delivery.nack(delay);
  }
}
