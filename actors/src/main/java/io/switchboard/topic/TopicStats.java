package io.switchboard.topic;

import io.switchboard.message.CborSerializable;
import java.util.List;

/**
 * A topic's live numbers, summed over its partitions.
 *
 * @param stored messages held by the partitions (not yet settled by every group, or retained)
 * @param groups per-group numbers
 * @param consumers each consumer of each group, summed over the partitions it takes from
 */
public record TopicStats(
    String topic,
    long published,
    long stored,
    List<GroupStats> groups,
    List<PartitionStats> partitions,
    List<ConsumerStats> consumers)
    implements CborSerializable {

  /** Numbers without per-consumer detail (a client of an older node). */
  public TopicStats(
      String topic,
      long published,
      long stored,
      List<GroupStats> groups,
      List<PartitionStats> partitions) {
    this(topic, published, stored, groups, partitions, List.of());
  }

  /** One group's numbers over all partitions. */
  public record GroupStats(
      String group,
      long backlog,
      long inFlight,
      int consumers,
      long delivered,
      long acked,
      long redelivered,
      long deadLettered)
      implements CborSerializable {}

  /**
   * One partition's numbers.
   *
   * @param node the address of the node that runs the partition ("" when unknown)
   * @param journalWrites journal writes since the partition started (0 for a transient topic)
   * @param journalEvents events those writes carried
   * @param consumers the groups' consumers as this partition knows them
   */
  public record PartitionStats(
      int partition,
      long nextOffset,
      long stored,
      List<GroupStats> groups,
      String node,
      long journalWrites,
      long journalEvents,
      List<ConsumerStats> consumers)
      implements CborSerializable {

    /** Numbers without owner, writes or consumers (a client of an older node). */
    public PartitionStats(int partition, long nextOffset, long stored, List<GroupStats> groups) {
      this(partition, nextOffset, stored, groups, "", 0, 0, List.of());
    }
  }

  /**
   * One consumer of a group: its credit, what it holds and how fast it settles.
   *
   * @param window the most unacknowledged deliveries it takes (per partition it subscribes to)
   * @param outstanding deliveries it holds unsettled
   * @param tokenBudget the most token cost it holds (0: no budget)
   * @param outstandingTokens the token cost of what it holds
   * @param serviceMillis its measured time from delivery to ack, weighted to recent ones (0: none
   *     yet)
   */
  public record ConsumerStats(
      String group,
      String consumer,
      int window,
      int outstanding,
      long tokenBudget,
      long outstandingTokens,
      double serviceMillis)
      implements CborSerializable {}
}
