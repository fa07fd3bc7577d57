package io.switchboard.simulator.engine;

import java.util.Arrays;

/**
 * Pending events ordered by virtual time, then by insertion order.
 *
 * <p>A binary heap over one primitive array holding (time, sequence, payload) triples side by side,
 * so that a comparison touches one cache line and scheduling allocates nothing once the array has
 * grown to the run's peak. An event is a time and a packed {@code long} payload (see {@link
 * Events}). Ties break by insertion order, which keeps runs deterministic.
 */
final class EventQueue {
  private static final int STRIDE = 3;

  private long[] heap = new long[1024 * STRIDE];
  private int size;
  private long nextSeq;
  private long poppedTime;

  void push(long time, long payload) {
    if ((size + 1) * STRIDE > heap.length) {
      heap = Arrays.copyOf(heap, heap.length * 2);
    }
    long seq = nextSeq++;
    int hole = size++;
    while (hole > 0) {
      int parent = (hole - 1) >>> 1;
      int at = parent * STRIDE;
      if (!before(time, seq, heap[at], heap[at + 1])) {
        break;
      }
      move(parent, hole);
      hole = parent;
    }
    set(hole, time, seq, payload);
  }

  boolean isEmpty() {
    return size == 0;
  }

  int size() {
    return size;
  }

  long peekTime() {
    return heap[0];
  }

  /** Removes the earliest event and returns its payload; its time is then {@link #poppedTime}. */
  long pop() {
    long payload = heap[2];
    poppedTime = heap[0];
    int last = --size;
    if (last > 0) {
      int at = last * STRIDE;
      siftDown(heap[at], heap[at + 1], heap[at + 2], last);
    }
    return payload;
  }

  long poppedTime() {
    return poppedTime;
  }

  private void siftDown(long time, long seq, long payload, int limit) {
    int hole = 0;
    while (true) {
      int child = 2 * hole + 1;
      if (child >= limit) {
        break;
      }
      int right = child + 1;
      if (right < limit
          && before(
              heap[right * STRIDE],
              heap[right * STRIDE + 1],
              heap[child * STRIDE],
              heap[child * STRIDE + 1])) {
        child = right;
      }
      if (!before(heap[child * STRIDE], heap[child * STRIDE + 1], time, seq)) {
        break;
      }
      move(child, hole);
      hole = child;
    }
    set(hole, time, seq, payload);
  }

  private static boolean before(long time, long seq, long otherTime, long otherSeq) {
    return time < otherTime || (time == otherTime && seq < otherSeq);
  }

  private void move(int from, int to) {
    System.arraycopy(heap, from * STRIDE, heap, to * STRIDE, STRIDE);
  }

  private void set(int index, long time, long seq, long payload) {
    int at = index * STRIDE;
    heap[at] = time;
    heap[at + 1] = seq;
    heap[at + 2] = payload;
  }
}
