package io.switchboard.simulator.engine;

import java.util.Arrays;

/**
 * Deliveries (one attempt of one message at one worker), as parallel arrays with a free list.
 *
 * <p>A slot's generation changes whenever it is freed, so that completion and lease events
 * scheduled for an earlier delivery in the same slot can be recognised and ignored.
 */
final class DeliveryTable {
  int[] message = new int[0];
  int[] worker = new int[0];
  int[] generation = new int[0];
  int[] heldAt = new int[0];
  long[] dispatchedAt = new long[0];

  /** When the message joined the backlog for this attempt: the start of its queue wait. */
  long[] queuedSince = new long[0];

  long[] startedAt = new long[0];
  boolean[] running = new boolean[0];
  boolean[] dead = new boolean[0];
  boolean[] leasePending = new boolean[0];
  private final Slots slots = new Slots(256, this::resize);

  int allocate() {
    int slot = slots.allocate();
    running[slot] = false;
    dead[slot] = false;
    leasePending[slot] = false;
    return slot;
  }

  void release(int slot) {
    generation[slot] = Events.wrap(generation[slot] + 1);
    slots.release(slot);
  }

  boolean matches(long event) {
    return generation[Events.index(event)] == Events.generation(event);
  }

  private void resize(int grown) {
    message = Arrays.copyOf(message, grown);
    worker = Arrays.copyOf(worker, grown);
    generation = Arrays.copyOf(generation, grown);
    heldAt = Arrays.copyOf(heldAt, grown);
    dispatchedAt = Arrays.copyOf(dispatchedAt, grown);
    queuedSince = Arrays.copyOf(queuedSince, grown);
    startedAt = Arrays.copyOf(startedAt, grown);
    running = Arrays.copyOf(running, grown);
    dead = Arrays.copyOf(dead, grown);
    leasePending = Arrays.copyOf(leasePending, grown);
  }
}
