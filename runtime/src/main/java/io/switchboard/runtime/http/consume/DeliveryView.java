package io.switchboard.runtime.http.consume;

import io.switchboard.consumer.Delivery;
import io.switchboard.runtime.http.MessageView;
import io.switchboard.runtime.http.Payloads;

/** One delivery as the API shows it: quote {@code receipt} to ack or nack it. */
public record DeliveryView(
    String receipt, String group, int attempt, int partition, long offset, MessageView message) {

  public static DeliveryView of(Delivery delivery, Payloads payloads) {
    return new DeliveryView(
        delivery.receipt().encode(),
        delivery.group(),
        delivery.attempt(),
        delivery.partition(),
        delivery.offset(),
        MessageView.of(delivery.message(), payloads));
  }
}
