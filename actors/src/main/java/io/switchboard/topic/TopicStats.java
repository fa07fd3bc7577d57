package io.switchboard.topic;

import io.switchboard.message.CborSerializable;
import java.util.List;

/**
 * A topic's live numbers, summed over its partitions.
 *
 * @param stored messages held by the partitions (not yet settled by every group, or retained)
 * @param groups per-group numbers
 */
public record TopicStats(
    String topic, long published, long stored, List<GroupStats> groups, List<PartitionStats> partitions)
    implements CborSerializable {

  /** One group's numbers over all partitions. */
  public record GroupStats(
      String group, long backlog, long inFlight, int consumers, long delivered, long acked,
      long redelivered, long deadLettered)
      implements CborSerializable {}

  /** One partition's numbers. */
  public record PartitionStats(int partition, long nextOffset, long stored, List<GroupStats> groups)
      implements CborSerializable {}
}
