package io.switchboard.simulator.engine;

import java.util.Arrays;

/**
 * The messages in flight, as parallel arrays indexed by slot, with a free list.
 *
 * <p>Only messages not yet finished hold a slot, so memory follows the backlog, not the run length,
 * and no object is allocated per message.
 */
final class MessageTable {
  long[] createdAt = new long[0];
  long[] enqueuedAt = new long[0];
  long[] waitingSince = new long[0];
  int[] stream = new int[0];
  int[] key = new int[0];
  int[] partition = new int[0];
  int[] type = new int[0];
  float[] prefill = new float[0];
  float[] decode = new float[0];
  double[] uniform = new double[0];
  double[] normal = new double[0];
  int[] attempts = new int[0];

  /** Arrival number in its partition, for the scheduling order (scheduled scenarios only). */
  long[] sequence = new long[0];

  /** Deliveries plus backlog entries referring to the message; the slot is freed at zero. */
  int[] liveDeliveries = new int[0];

  boolean[] done = new boolean[0];
  boolean[] measured = new boolean[0];
  boolean[] allocated = new boolean[0];
  private final Slots slots = new Slots(1024, this::resize);

  int allocate() {
    int slot = slots.allocate();
    attempts[slot] = 0;
    liveDeliveries[slot] = 0;
    done[slot] = false;
    allocated[slot] = true;
    return slot;
  }

  void release(int slot) {
    allocated[slot] = false;
    slots.release(slot);
  }

  int capacity() {
    return slots.capacity();
  }

  private void resize(int grown) {
    createdAt = Arrays.copyOf(createdAt, grown);
    enqueuedAt = Arrays.copyOf(enqueuedAt, grown);
    waitingSince = Arrays.copyOf(waitingSince, grown);
    stream = Arrays.copyOf(stream, grown);
    key = Arrays.copyOf(key, grown);
    partition = Arrays.copyOf(partition, grown);
    type = Arrays.copyOf(type, grown);
    prefill = Arrays.copyOf(prefill, grown);
    decode = Arrays.copyOf(decode, grown);
    uniform = Arrays.copyOf(uniform, grown);
    normal = Arrays.copyOf(normal, grown);
    attempts = Arrays.copyOf(attempts, grown);
    sequence = Arrays.copyOf(sequence, grown);
    liveDeliveries = Arrays.copyOf(liveDeliveries, grown);
    done = Arrays.copyOf(done, grown);
    measured = Arrays.copyOf(measured, grown);
    allocated = Arrays.copyOf(allocated, grown);
  }
}
