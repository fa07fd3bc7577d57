package io.switchboard.simulator.requestpath;

import java.util.PriorityQueue;

/** Pending actions in virtual time (nanoseconds), run in time order and then insertion order. */
final class Timeline {
  private record Entry(long time, long seq, Runnable action) {}

  private final PriorityQueue<Entry> pending =
      new PriorityQueue<>(
          (a, b) -> a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
  private long seq;
  private long now;

  /** Runs {@code action} at {@code time} (never before now). */
  void at(long time, Runnable action) {
    pending.add(new Entry(Math.max(time, now), seq++, action));
  }

  long now() {
    return now;
  }

  /** Runs every pending action, and those they schedule, until none is left. */
  void runAll() {
    while (!pending.isEmpty()) {
      Entry next = pending.poll();
      now = next.time;
      next.action.run();
    }
  }
}
