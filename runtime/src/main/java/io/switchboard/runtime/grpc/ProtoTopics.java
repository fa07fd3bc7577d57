package io.switchboard.runtime.grpc;

import io.switchboard.Switchboard;
import io.switchboard.protocol.v1.ConsumerStats;
import io.switchboard.protocol.v1.Group;
import io.switchboard.protocol.v1.GroupStats;
import io.switchboard.protocol.v1.PartitionStats;
import io.switchboard.protocol.v1.Topic;
import io.switchboard.protocol.v1.TopicStats;
import io.switchboard.runtime.http.topic.GroupRequest;
import io.switchboard.runtime.http.topic.TopicRequest;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;

/**
 * Converts topics, groups and stats between the library and switchboard.v1. Requests go through the
 * HTTP API's request records, so both roads apply the same defaults and checks.
 */
final class ProtoTopics {
  private ProtoTopics() {}

  /** Returns the configuration a CreateTopic asks for: fields left 0 take the node's defaults. */
  static TopicConfig toConfig(Topic topic, Switchboard switchboard) {
    return new TopicRequest(
            topic.getName(),
            positive(topic.getPartitions()),
            topic.hasDurable() ? topic.getDurable() : null,
            positive(topic.getMaxAttempts()),
            positive(topic.getAckLeaseMillis()),
            positive(topic.getBacklogLimit()),
            positive(topic.getRetentionMillis()),
            positive(topic.getIdempotencyWindowMillis()))
        .toConfig(switchboard);
  }

  static Topic toProto(TopicConfig config) {
    return Topic.newBuilder()
        .setName(config.name())
        .setPartitions(config.partitions())
        .setDurable(config.durable())
        .setMaxAttempts(config.maxAttempts())
        .setAckLeaseMillis(config.ackLease().toMillis())
        .setBacklogLimit(config.backlogLimit())
        .setRetentionMillis(config.retention().toMillis())
        .setIdempotencyWindowMillis(config.idempotencyWindow().toMillis())
        .build();
  }

  /** Returns the configuration of a CreateGroup: empty fields take the defaults. */
  static GroupConfig toConfig(Group group) {
    return new GroupRequest(
            group.getName(), orNull(group.getBalancing()), orNull(group.getStartFrom()))
        .toConfig();
  }

  static Group toProto(String topic, String name, GroupConfig config) {
    return Group.newBuilder()
        .setTopic(topic)
        .setName(name)
        .setBalancing(config.balancing().name())
        .setStartFrom(config.startFrom().name())
        .build();
  }

  static TopicStats toProto(io.switchboard.topic.TopicStats stats) {
    TopicStats.Builder builder =
        TopicStats.newBuilder()
            .setTopic(stats.topic())
            .setPublished(stats.published())
            .setStored(stats.stored());
    stats.groups().forEach(group -> builder.addGroups(toProto(group)));
    stats
        .partitions()
        .forEach(
            partition -> {
              PartitionStats.Builder p =
                  PartitionStats.newBuilder()
                      .setPartition(partition.partition())
                      .setNextOffset(partition.nextOffset())
                      .setStored(partition.stored())
                      .setNode(partition.node())
                      .setJournalWrites(partition.journalWrites())
                      .setJournalEvents(partition.journalEvents());
              partition.groups().forEach(group -> p.addGroups(toProto(group)));
              partition.consumers().forEach(consumer -> p.addConsumers(toProto(consumer)));
              builder.addPartitions(p);
            });
    stats.consumers().forEach(consumer -> builder.addConsumers(toProto(consumer)));
    return builder.build();
  }

  private static ConsumerStats toProto(io.switchboard.topic.TopicStats.ConsumerStats consumer) {
    return ConsumerStats.newBuilder()
        .setGroup(consumer.group())
        .setConsumer(consumer.consumer())
        .setWindow(consumer.window())
        .setOutstanding(consumer.outstanding())
        .setTokenBudget(consumer.tokenBudget())
        .setOutstandingTokens(consumer.outstandingTokens())
        .setServiceMillis(consumer.serviceMillis())
        .build();
  }

  private static GroupStats toProto(io.switchboard.topic.TopicStats.GroupStats group) {
    return GroupStats.newBuilder()
        .setGroup(group.group())
        .setBacklog(group.backlog())
        .setInFlight(group.inFlight())
        .setConsumers(group.consumers())
        .setDelivered(group.delivered())
        .setAcked(group.acked())
        .setRedelivered(group.redelivered())
        .setDeadLettered(group.deadLettered())
        .build();
  }

  private static Integer positive(int value) {
    return value == 0 ? null : value;
  }

  private static Long positive(long value) {
    return value == 0 ? null : value;
  }

  private static String orNull(String value) {
    return value.isEmpty() ? null : value;
  }
}
