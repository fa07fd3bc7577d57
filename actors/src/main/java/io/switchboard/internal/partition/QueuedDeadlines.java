package io.switchboard.internal.partition;

import io.switchboard.message.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The deadlines of a partition's stored messages that carry {@code switchboard-request-deadline}
 * (requests), earliest first, so the partition can dead-letter those still queued at their deadline
 * without waiting for a worker to take them. Only messages whose bodies were in memory when stored
 * or recovered are known here; one paged out at recovery is caught by the worker side.
 */
final class QueuedDeadlines {
  /** The header {@code Requests} writes: the request's deadline in epoch milliseconds. */
  static final String HEADER = "switchboard-request-deadline";

  private record Due(long deadlineMillis, long offset) {}

  private final PriorityQueue<Due> due =
      new PriorityQueue<>((a, b) -> Long.compare(a.deadlineMillis, b.deadlineMillis));
  private final boolean enabled;

  /**
   * Tracks nothing when not {@code enabled}: a dead-letter topic keeps its letters whatever their
   * deadline (it has no dead letters of its own, so expiring would drop them).
   */
  QueuedDeadlines(boolean enabled) {
    this.enabled = enabled;
  }

  /** Tracks the message stored at {@code offset} when it carries a deadline. */
  void track(long offset, Message message) {
    if (!enabled || message == null) {
      return;
    }
    String header = message.headers().get(HEADER);
    if (header == null) {
      return;
    }
    try {
      due.add(new Due(Long.parseLong(header.trim()), offset));
    } catch (NumberFormatException e) {
      // Not a deadline this partition can read: the request path decides about it, as before.
    }
  }

  /** Tracks the messages stored at {@code first .. first+count-1}. */
  void trackAll(MessageBodies bodies, long first, int count) {
    for (long offset = first; offset < first + count; offset++) {
      track(offset, bodies.message(offset));
    }
  }

  /** Forgets everything (before tracking a recovered state again). */
  void clear() {
    due.clear();
  }

  /**
   * Returns the offsets whose deadline is at or before {@code nowMillis} and that are still {@code
   * stored}; they stay tracked (an in-flight one may come back to the queue later), and those no
   * longer stored are forgotten.
   */
  List<Long> passed(long nowMillis, OffsetSet stored) {
    List<Long> passed = new ArrayList<>();
    List<Due> keep = new ArrayList<>();
    while (!due.isEmpty() && due.peek().deadlineMillis <= nowMillis) {
      Due next = due.poll();
      if (stored.contains(next.offset)) {
        passed.add(next.offset);
        keep.add(next);
      }
    }
    due.addAll(keep);
    return passed;
  }

  int size() {
    return due.size();
  }
}
