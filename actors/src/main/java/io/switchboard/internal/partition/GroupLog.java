package io.switchboard.internal.partition;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.switchboard.topic.GroupConfig;

/**
 * One group's unsettled offsets on a partition, and how far it delivered: part of {@link
 * PartitionState} and of its snapshot.
 */
@JsonAutoDetect(
    fieldVisibility = Visibility.ANY,
    getterVisibility = Visibility.NONE,
    isGetterVisibility = Visibility.NONE)
final class GroupLog {
  private GroupConfig config;

  @JsonProperty("pendingOffsets")
  private OffsetSet pending = new OffsetSet();

  /** Every offset up to here was delivered at least once (-1: none yet). */
  private long deliveredThrough = -1;

  GroupLog() {}

  GroupLog(GroupConfig config) {
    this.config = config;
  }

  /** Reads the pending offsets of a snapshot written before they were a bitset. */
  @JsonProperty("pending")
  private void readLegacyPending(long[] offsets) {
    for (long offset : offsets) {
      pending.add(offset);
    }
  }

  /** Returns a deep copy (for a snapshot). */
  GroupLog copy() {
    GroupLog copy = new GroupLog(config);
    copy.pending = pending.copy();
    copy.deliveredThrough = deliveredThrough;
    return copy;
  }

  GroupConfig config() {
    return config;
  }

  OffsetSet pending() {
    return pending;
  }

  /** Makes every offset of {@code offsets} pending (a group that starts from the earliest). */
  void pendAll(OffsetSet offsets) {
    pending = offsets.copy();
  }

  long deliveredThrough() {
    return deliveredThrough;
  }

  /** Records that every offset up to {@code offset} was delivered at least once. */
  void deliveredThrough(long offset) {
    deliveredThrough = Math.max(deliveredThrough, offset);
  }
}
