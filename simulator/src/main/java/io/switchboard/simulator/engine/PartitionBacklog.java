package io.switchboard.simulator.engine;

import io.switchboard.internal.partition.SchedulingOrder;
import io.switchboard.priority.PrioritySettings;
import java.util.HashMap;
import java.util.Map;

/**
 * One partition's messages waiting for a worker. Oldest first (a redelivery ahead of the rest) when
 * no stream carries a band or tenant; else in the runtime partition's own order ({@link
 * SchedulingOrder}: highest band, then the tenant served the least cost, then the oldest, a
 * redelivery back at its place), numbered by arrival.
 */
final class PartitionBacklog {
  private final IntDeque fifo;
  private final SchedulingOrder order;
  private final Map<Long, Integer> bySequence;
  private final MessageTable messages;
  private final MessageSource source;
  private long nextSequence;
  private long taken = -1;

  PartitionBacklog(boolean scheduled, MessageTable messages, MessageSource source) {
    this.messages = messages;
    this.source = source;
    this.fifo = scheduled ? null : new IntDeque();
    // one boxed entry per waiting message, only in scenarios that ask for bands or tenants
    this.order = scheduled ? new SchedulingOrder(PrioritySettings.DEFAULTS) : null;
    this.bySequence = scheduled ? new HashMap<>() : null;
  }

  /** Queues a message that reaches the partition for the first time. */
  void add(int m) {
    if (fifo != null) {
      fifo.addLast(m);
      return;
    }
    messages.sequence[m] = nextSequence++;
    schedule(m);
  }

  /** Queues a message again after a failed or expired delivery. */
  void addRedelivery(int m) {
    if (fifo != null) {
      fifo.addFirst(m);
      return;
    }
    schedule(m);
  }

  private void schedule(int m) {
    long sequence = messages.sequence[m];
    order.add(sequence, source.band(m), source.tenant(m), source.cost(m));
    bySequence.put(sequence, m);
  }

  boolean isEmpty() {
    return fifo != null ? fifo.isEmpty() : order.isEmpty();
  }

  /** Returns the message to hand out next (the backlog must not be empty). */
  int peek() {
    if (fifo != null) {
      return fifo.peekFirst();
    }
    taken = order.next();
    return bySequence.get(taken);
  }

  /** Removes the message {@link #peek} returned. */
  void poll() {
    if (fifo != null) {
      fifo.pollFirst();
      return;
    }
    order.take(taken);
    bySequence.remove(taken);
  }
}
