package io.switchboard.runtime.grpc;

import io.switchboard.consumer.Delivery;
import io.switchboard.consumer.Receipt;
import java.util.HashMap;
import java.util.Map;

/**
 * The deliveries a Consume stream sent and the client has not settled yet: their number is what
 * the stream's credit bounds. Thread-safe.
 */
final class Unsettled {
  private record Key(int partition, long offset) {}

  private final Map<Key, Delivery> deliveries = new HashMap<>();
  private int binding;
  private boolean bindingKnown;

  synchronized void add(Delivery delivery) {
    deliveries.put(new Key(delivery.partition(), delivery.offset()), delivery);
    binding = delivery.receipt().binding();
    bindingKnown = true;
  }

  /** Removes and returns the delivery this receipt names exactly (same attempt and epoch), or null. */
  synchronized Delivery take(Receipt receipt) {
    Key key = new Key(receipt.partition(), receipt.offset());
    Delivery delivery = deliveries.get(key);
    if (delivery == null || !delivery.receipt().equals(receipt)) {
      return null;
    }
    deliveries.remove(key);
    return delivery;
  }

  /** Forgets the delivery of a receipt the group refused (settled elsewhere, lease over), if it is this one. */
  synchronized void forget(Receipt receipt) {
    take(receipt);
  }

  synchronized int size() {
    return deliveries.size();
  }

  /** Returns whether the receipt is of another topic or group than this stream's deliveries. */
  synchronized boolean foreign(Receipt receipt) {
    return bindingKnown && receipt.binding() != binding;
  }
}
