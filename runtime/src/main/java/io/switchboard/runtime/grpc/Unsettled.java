package io.switchboard.runtime.grpc;

import io.switchboard.consumer.Delivery;
import io.switchboard.consumer.Receipt;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The deliveries a Consume stream sent and the client has not settled yet: their number is what the
 * stream's credit bounds. Thread-safe.
 */
final class Unsettled {
  private record Key(int partition, long offset) {}

  /**
   * Receipts this stream settled lately. Their acks travel batched through the consumer, so the
   * group may not know of them yet: a repeat must be refused here, not sent to the group.
   */
  private static final int REMEMBERED_SETTLED = 1024;

  private final Map<Key, Delivery> deliveries = new HashMap<>();
  private final Set<Receipt> settled =
      Collections.newSetFromMap(
          new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Receipt, Boolean> eldest) {
              return size() > REMEMBERED_SETTLED;
            }
          });
  private int binding;
  private boolean bindingKnown;

  synchronized void add(Delivery delivery) {
    deliveries.put(new Key(delivery.partition(), delivery.offset()), delivery);
    binding = delivery.receipt().binding();
    bindingKnown = true;
  }

  /**
   * Removes and returns the delivery this receipt names exactly (same attempt and epoch), or null.
   */
  synchronized Delivery take(Receipt receipt) {
    Key key = new Key(receipt.partition(), receipt.offset());
    Delivery delivery = deliveries.get(key);
    if (delivery == null || !delivery.receipt().equals(receipt)) {
      return null;
    }
    deliveries.remove(key);
    settled.add(receipt);
    return delivery;
  }

  /**
   * Returns whether this stream settled the delivery of this receipt lately (a repeat is stale).
   */
  synchronized boolean settledHere(Receipt receipt) {
    return settled.contains(receipt);
  }

  /**
   * Forgets the delivery of a receipt the group refused (settled elsewhere, lease over), if it is
   * this one.
   */
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
