package io.switchboard.internal.partition;

import io.switchboard.message.Message;
import java.util.TreeMap;

/**
 * The message bodies a partition holds in memory: those of the unsettled messages below {@link
 * #pagedFrom()}, within a byte budget. From there on bodies are only in the journal ("paged out")
 * until a read brings them in. Not part of the snapshot.
 */
final class BodyWindow {
  /** Heap a held message costs beyond its payload (record, id, headers, map entry), estimated. */
  static final int OVERHEAD_BYTES = 320;

  private final TreeMap<Long, Message> bodies = new TreeMap<>();
  private long bytes;
  private long pagedFrom;

  static long cost(Message message) {
    return message.payloadSize() + OVERHEAD_BYTES;
  }

  /** Every needed body below this offset is held; none at or above it. */
  long pagedFrom() {
    return pagedFrom;
  }

  long bytes() {
    return bytes;
  }

  int count() {
    return bodies.size();
  }

  Message get(long offset) {
    return bodies.get(offset);
  }

  /** Moves the boundary over offsets that need no body. */
  void skipTo(long offset) {
    pagedFrom = Math.max(pagedFrom, offset);
  }

  /**
   * Takes the body at {@code offset} when it is the boundary and fits the budget (one always fits
   * an empty window); returns whether it was taken. Otherwise it stays paged out.
   */
  boolean offer(long offset, Message message, long budget) {
    if (offset != pagedFrom || (!bodies.isEmpty() && bytes + cost(message) > budget)) {
      return false;
    }
    bodies.put(offset, message);
    bytes += cost(message);
    pagedFrom = offset + 1;
    return true;
  }

  /** Holds these bodies whatever the budget (they are nowhere else: see PartitionState). */
  void holdAll(java.util.SortedMap<Long, Message> held) {
    held.forEach(
        (offset, message) -> {
          bodies.put(offset, message);
          bytes += cost(message);
        });
    if (!held.isEmpty()) {
      pagedFrom = Math.max(pagedFrom, held.lastKey() + 1);
    }
  }

  void remove(long offset) {
    Message gone = bodies.remove(offset);
    if (gone != null) {
      bytes -= cost(gone);
    }
  }

  /** Pages out every body at or above {@code offset} (a new group needs older ones first). */
  void pageOutFrom(long offset) {
    if (offset >= pagedFrom) {
      return;
    }
    bodies.tailMap(offset, true).values().forEach(m -> bytes -= cost(m));
    bodies.tailMap(offset, true).clear();
    pagedFrom = offset;
  }

  /** Returns whether it holds less than half the budget. */
  boolean belowLowWater(long budget) {
    return bytes < budget / 2;
  }
}
