package io.switchboard.internal.partition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Acks and stored dead letters waiting to ride on the partition's next write, and the replies that
 * must not go out before it: an ack is answered only once its settlement is durable.
 */
final class SettleBuffer {
  private final Map<String, List<Long>> acked = new HashMap<>();
  private final Map<String, List<Long>> deadLettered = new HashMap<>();
  private final List<Runnable> afterWrite = new ArrayList<>();

  /** Adds a group's acked offsets; {@code reply} (may be null) runs after the write. */
  void ack(String group, List<Long> offsets, Runnable reply) {
    acked.computeIfAbsent(group, g -> new ArrayList<>()).addAll(offsets);
    if (reply != null) {
      afterWrite.add(reply);
    }
  }

  /** Adds a group's offsets that the dead-letter topic has stored. */
  void deadLettered(String group, List<Long> offsets) {
    deadLettered.computeIfAbsent(group, g -> new ArrayList<>()).addAll(offsets);
  }

  /** Moves what waits into {@code events}; returns what to run once they are written. */
  List<Runnable> drainInto(List<PartitionEvent> events) {
    settledEvents(acked, false, events);
    settledEvents(deadLettered, true, events);
    List<Runnable> after = new ArrayList<>(afterWrite);
    afterWrite.clear();
    return after;
  }

  /** Returns whether no settlement waits for a write. */
  boolean isEmpty() {
    return acked.isEmpty() && deadLettered.isEmpty();
  }

  private static void settledEvents(
      Map<String, List<Long>> byGroup, boolean dead, List<PartitionEvent> events) {
    byGroup.forEach(
        (group, offsets) ->
            events.add(
                new PartitionEvent.Settled(
                    group, offsets.stream().mapToLong(Long::longValue).toArray(), dead)));
    byGroup.clear();
  }
}
