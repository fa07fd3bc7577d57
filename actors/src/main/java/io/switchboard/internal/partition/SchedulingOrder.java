package io.switchboard.internal.partition;

import io.switchboard.priority.PrioritySettings;
import io.switchboard.priority.SchedulingHeaders;

/**
 * The order in which a partition hands out a group's waiting messages (highest band first, then the
 * tenant served the least cost, then the oldest), over sequence numbers instead of stored offsets:
 * the partition's own {@link ReadyQueue}, for the simulator, so it predicts with the code it
 * models. Not thread-safe; every message is in memory.
 */
public final class SchedulingOrder {
  private static final MessageBodies IN_MEMORY = offset -> null;

  private final ReadyQueue ready;

  /** Creates an empty order over the given bands. */
  public SchedulingOrder(PrioritySettings priority) {
    this.ready = new ReadyQueue(priority);
  }

  /**
   * Queues a message by its sequence number (older: lower); {@code band} and {@code tenant} null
   * mean the headers were absent. A number already queued is ignored, so a redelivery goes back in
   * line at its place.
   */
  public void add(long sequence, String band, String tenant, long cost) {
    boolean plain = band == null && tenant == null && cost == SchedulingHeaders.DEFAULT_COST;
    ready.add(
        sequence,
        plain
            ? null
            : new MessageClass(
                band, tenant == null ? SchedulingHeaders.DEFAULT_TENANT : tenant, cost));
  }

  /** Returns the sequence number to hand out next (not removed), or -1 when nothing waits. */
  public long next() {
    return ready.next(IN_MEMORY);
  }

  /** Removes the number {@link #next} returned and charges its tenant its cost. */
  public void take(long sequence) {
    ready.take(sequence);
  }

  /** Returns whether nothing waits. */
  public boolean isEmpty() {
    return ready.isEmpty();
  }
}
