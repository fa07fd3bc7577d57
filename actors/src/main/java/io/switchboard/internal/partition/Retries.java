package io.switchboard.internal.partition;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * One group's offsets on one partition that failed an attempt: the attempt each reached (so the
 * next delivery counts on), and those a delayed nack holds back until their time.
 */
final class Retries {

  private record Delayed(long dueMillis, long offset, MessageClass messageClass) {}

  private final PriorityQueue<Delayed> delayed =
      new PriorityQueue<>((a, b) -> Long.compare(a.dueMillis, b.dueMillis));
  private final Map<Long, Integer> failedAttempts = new HashMap<>();

  /**
   * Returns the attempt that delivering {@code offset} now is, and forgets its failures: those up
   * to {@code recoveredThrough} were delivered before a restart, so they are on attempt 2 at least.
   */
  int nextAttempt(long offset, long recoveredThrough) {
    Integer failed = failedAttempts.remove(offset);
    return failed != null ? failed + 1 : offset <= recoveredThrough ? 2 : 1;
  }

  /** Records that {@code offset} failed {@code attempt}. */
  void failed(long offset, int attempt) {
    failedAttempts.put(offset, attempt);
  }

  /** Holds {@code offset} back until {@code dueMillis}. */
  void delay(long offset, long dueMillis, MessageClass messageClass) {
    delayed.add(new Delayed(dueMillis, offset, messageClass));
  }

  /** Puts the offsets whose delay passed by {@code nowMillis} back in line. */
  void releaseDue(long nowMillis, ReadyQueue ready) {
    while (!delayed.isEmpty() && delayed.peek().dueMillis <= nowMillis) {
      Delayed due = delayed.poll();
      ready.add(due.offset, due.messageClass);
    }
  }

  /** Forgets offsets the group no longer needs. */
  void forget(Iterable<Long> offsets) {
    Set<Long> gone = new HashSet<>();
    for (Long offset : offsets) {
      failedAttempts.remove(offset);
      gone.add(offset);
    }
    delayed.removeIf(d -> gone.contains(d.offset));
  }

  /** Returns how many offsets wait for their delay to pass. */
  int delayedCount() {
    return delayed.size();
  }
}
