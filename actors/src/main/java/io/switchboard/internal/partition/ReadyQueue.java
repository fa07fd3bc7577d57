package io.switchboard.internal.partition;

import io.switchboard.priority.PrioritySettings;
import io.switchboard.priority.SchedulingHeaders;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The offsets of one group that wait for delivery, in lanes: one per priority band and tenant. The
 * next offset is the oldest of one lane of the highest band that has any: inside a band, the lane
 * whose tenant has been served the least cost (start-time fair queuing, each message charged its
 * cost, at least 1), so a tenant's burst takes its turn with the others instead of ahead of them.
 *
 * <p>Messages without scheduling headers all go to one lane (the default band's default tenant) and
 * cost no more than the single offset set they took before: the other lanes and the index of
 * classes exist only while messages with scheduling headers wait.
 *
 * <p>Only offsets whose bodies are in memory are chosen: a lane whose oldest message is paged out
 * waits for the read that brings it back while the others go on, so priority holds among the
 * messages in memory (see {@code switchboard.partition.memory-budget}).
 */
final class ReadyQueue {

  /** The waiting offsets of one tenant in one band, oldest first. */
  private static final class Lane {
    OffsetSet offsets = new OffsetSet();

    /**
     * Virtual start time of the lane's next message: the cost served to it, on the band's clock.
     */
    long tag;
  }

  /** The lanes of one band, by tenant, and the band's virtual clock. */
  private static final class Band {
    final Map<String, Lane> lanes = new LinkedHashMap<>();
    long virtualTime;
  }

  private final PrioritySettings priority;
  private final Band[] bands;
  private final Lane plain = new Lane();

  /** The class each offset with scheduling headers was queued with (the others are plain). */
  private final Map<Long, MessageClass> classified = new HashMap<>();

  private long size;

  ReadyQueue(PrioritySettings priority) {
    this.priority = priority;
    this.bands = new Band[priority.bands().size()];
    for (int i = 0; i < bands.length; i++) {
      bands[i] = new Band();
    }
    bands[priority.defaultRank()].lanes.put(SchedulingHeaders.DEFAULT_TENANT, plain);
  }

  boolean isEmpty() {
    return size == 0;
  }

  long size() {
    return size;
  }

  /**
   * Queues an offset of class {@code messageClass} (null: the default class); a repeat is ignored.
   */
  void add(long offset, MessageClass messageClass) {
    Lane lane = laneFor(messageClass, true);
    if (lane.offsets.isEmpty()) {
      Band band = bands[rank(messageClass)];
      lane.tag = Math.max(lane.tag, band.virtualTime); // an idle tenant earns no credit while idle
    }
    if (lane.offsets.add(offset)) {
      size++;
      if (messageClass != null) {
        classified.put(offset, messageClass);
      }
    }
  }

  /**
   * Queues recovered offsets: all into the plain lane at the cost of one bitset copy, then the few
   * of {@code classes} moved to their lanes.
   */
  void addAll(OffsetSet offsets, Map<Long, MessageClass> classes) {
    if (size != 0) {
      offsets.forEach(offset -> add(offset, classes.get(offset)));
      return;
    }
    plain.offsets =
        offsets.copy(); // a bitset copy, not one add per offset of a backlog of millions
    size = plain.offsets.size();
    classes.forEach(
        (offset, messageClass) -> {
          if (plain.offsets.remove(offset)) {
            size--;
            add(offset, messageClass);
          }
        });
  }

  /** Returns the class an offset was queued with (null: the default class). */
  MessageClass classOf(long offset) {
    return classified.isEmpty() ? null : classified.get(offset);
  }

  /** Removes an offset; returns whether it was queued. */
  boolean remove(long offset) {
    MessageClass messageClass = classOf(offset);
    Lane lane = laneFor(messageClass, false);
    if (lane == null || !lane.offsets.remove(offset)) {
      return false;
    }
    size--;
    if (messageClass != null) {
      classified.remove(offset);
    }
    if (lane != plain && lane.offsets.isEmpty()) {
      bands[rank(messageClass)].lanes.remove(messageClass.tenant());
    }
    return true;
  }

  /**
   * Returns the offset to deliver next, or -1 when every lane's oldest message is paged out (or
   * nothing waits). Does not remove it: {@link #take} does, once a consumer is found.
   */
  long next(MessageBodies bodies) {
    if (classified.isEmpty()) {
      long head = plain.offsets.first(); // the path of every message without scheduling headers
      return head < 0 || bodies.pagedOut(head) ? -1 : head;
    }
    for (Band band : bands) {
      Lane best = null;
      long bestHead = -1;
      for (Lane lane : band.lanes.values()) {
        long head = lane.offsets.first();
        if (head >= 0 && !bodies.pagedOut(head) && (best == null || lane.tag < best.tag)) {
          best = lane;
          bestHead = head;
        }
      }
      if (best != null) {
        return bestHead;
      }
    }
    return -1;
  }

  /** Removes an offset {@link #next} returned and charges its tenant its cost. */
  void take(long offset) {
    MessageClass messageClass = classOf(offset);
    Lane lane = laneFor(messageClass, false);
    Band band = bands[rank(messageClass)];
    band.virtualTime = Math.max(band.virtualTime, lane.tag);
    lane.tag += Math.max(1, MessageClass.costOf(messageClass));
    remove(offset);
  }

  private int rank(MessageClass messageClass) {
    if (messageClass == null || messageClass.band() == null) {
      return priority.defaultRank();
    }
    int rank = priority.rank(messageClass.band());
    return rank < 0 ? priority.defaultRank() : rank; // a band dropped from the settings since
  }

  private Lane laneFor(MessageClass messageClass, boolean create) {
    if (messageClass == null) {
      return plain;
    }
    Map<String, Lane> lanes = bands[rank(messageClass)].lanes;
    Lane lane = lanes.get(messageClass.tenant());
    if (lane == null && create) {
      lane = new Lane();
      lanes.put(messageClass.tenant(), lane);
    }
    return lane;
  }
}
