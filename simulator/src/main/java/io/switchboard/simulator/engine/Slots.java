package io.switchboard.simulator.engine;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * The free list of a table of parallel arrays: hands out slot numbers, takes them back, and doubles
 * the table (through {@code resize}) when none is free. No object per slot.
 */
final class Slots {
  private final int initialCapacity;
  private final IntConsumer resize;
  private int[] free = new int[0];
  private int freeCount;
  private int capacity;

  /** {@code resize} grows the table's arrays to the capacity it is given. */
  Slots(int initialCapacity, IntConsumer resize) {
    this.initialCapacity = initialCapacity;
    this.resize = resize;
  }

  int allocate() {
    if (freeCount == 0) {
      grow();
    }
    return free[--freeCount];
  }

  void release(int slot) {
    free[freeCount++] = slot;
  }

  int capacity() {
    return capacity;
  }

  private void grow() {
    int grown = Math.max(initialCapacity, capacity * 2);
    resize.accept(grown);
    free = Arrays.copyOf(free, grown);
    // hand out low slots first so a small table stays in a small, cache-friendly range
    for (int slot = grown - 1; slot >= capacity; slot--) {
      free[freeCount++] = slot;
    }
    capacity = grown;
  }
}
