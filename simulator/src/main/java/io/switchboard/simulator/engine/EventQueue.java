package io.switchboard.simulator.engine;

import java.util.Arrays;

/**
 * Pending events ordered by virtual time, then by insertion order.
 *
 * <p>A binary heap over parallel primitive arrays: an event is a time and a packed {@code long}
 * payload (see {@link Events}), so scheduling allocates nothing once the arrays have grown to
 * the run's peak. Ties break by insertion order, which keeps runs deterministic.
 */
final class EventQueue {
  private long[] times = new long[1024];
  private long[] seqs = new long[1024];
  private long[] payloads = new long[1024];
  private int size;
  private long nextSeq;
  private long poppedTime;

  void push(long time, long payload) {
    if (size == times.length) {
      int grown = size * 2;
      times = Arrays.copyOf(times, grown);
      seqs = Arrays.copyOf(seqs, grown);
      payloads = Arrays.copyOf(payloads, grown);
    }
    long seq = nextSeq++;
    int hole = size++;
    while (hole > 0) {
      int parent = (hole - 1) >>> 1;
      if (!before(time, seq, times[parent], seqs[parent])) {
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
    return times[0];
  }

  /** Removes the earliest event and returns its payload; its time is then {@link #poppedTime}. */
  long pop() {
    long payload = payloads[0];
    poppedTime = times[0];
    int last = --size;
    if (last > 0) {
      siftDown(times[last], seqs[last], payloads[last], last);
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
      if (right < limit && before(times[right], seqs[right], times[child], seqs[child])) {
        child = right;
      }
      if (!before(times[child], seqs[child], time, seq)) {
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
    times[to] = times[from];
    seqs[to] = seqs[from];
    payloads[to] = payloads[from];
  }

  private void set(int index, long time, long seq, long payload) {
    times[index] = time;
    seqs[index] = seq;
    payloads[index] = payload;
  }
}
