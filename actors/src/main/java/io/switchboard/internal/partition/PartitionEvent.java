package io.switchboard.internal.partition;

import io.switchboard.message.CborSerializable;
import io.switchboard.message.Message;
import io.switchboard.topic.GroupConfig;
import java.util.List;

/** What a partition writes to its journal. One {@link Enqueued} carries a whole group commit. */
sealed interface PartitionEvent extends CborSerializable {

  /** Messages stored at offsets {@code firstOffset, firstOffset+1, ...}. */
  record Enqueued(long firstOffset, List<Message> messages, long atMillis)
      implements PartitionEvent {}

  /** Offsets a group is done with: acknowledged, or dead-lettered when {@code deadLettered}. */
  record Settled(String group, long[] offsets, boolean deadLettered) implements PartitionEvent {}

  /** A group that from now on receives every message (and the stored ones, if earliest). */
  record GroupAdded(String group, GroupConfig config) implements PartitionEvent {}

  record GroupRemoved(String group) implements PartitionEvent {}

  /** Settled messages created before {@code beforeMillis} are dropped (retention). */
  record Trimmed(long beforeMillis) implements PartitionEvent {}

  /** Messages taken out of the partition (dead letters replayed to their topic). */
  record Removed(long[] offsets) implements PartitionEvent {}

  /** The partition started delivering under a new {@code epoch} (written once per start). */
  record Started(int epoch) implements PartitionEvent {}

  /**
   * A group had every offset up to {@code offset} delivered at least once (rides on the next
   * write): after a restart those still unsettled come back as redeliveries, not first attempts.
   */
  record DeliveredThrough(String group, long offset) implements PartitionEvent {}
}
