package io.switchboard.internal;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import io.switchboard.SwitchboardSettings;
import io.switchboard.internal.ask.Asks;
import io.switchboard.internal.directory.TopicDirectory;
import io.switchboard.internal.protocol.PartitionProtocol;
import io.switchboard.internal.topic.TopicEntry;
import io.switchboard.internal.topic.TopicRegistry;
import io.switchboard.topic.BacklogEntry;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import io.switchboard.topic.TopicStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Topics and groups: creating and deleting a topic (the registry, then its partitions and the
 * catalog), reading topics from the catalog, and what concerns every partition of a topic at once:
 * adding and removing a consumer group (the registry first, then each partition), live numbers
 * summed over them, a peek at a group's backlog.
 */
public final class TopicAdmin {
  private final Asks asks;
  private final TopicDirectory directory;
  private final Executor executor;
  private final SwitchboardSettings.DeadLetters deadLetters;

  /**
   * {@code deadLetters} is {@code switchboard.dead-letters}: what a new topic's dead-letter topic
   * gets.
   */
  public TopicAdmin(
      Asks asks,
      TopicDirectory directory,
      Executor executor,
      SwitchboardSettings.DeadLetters deadLetters) {
    this.asks = asks;
    this.directory = directory;
    this.executor = executor;
    this.deadLetters = deadLetters;
  }

  /**
   * Records the topic and its dead-letter topic in the registry; fails with {@code TOPIC_EXISTS} if
   * taken.
   */
  public CompletionStage<TopicConfig> create(TopicConfig config) {
    TopicConfig letters =
        new TopicConfig(
            config.deadLetterTopic(),
            1,
            true,
            1,
            config.ackLease(),
            deadLetters.backlogLimit(),
            deadLetters.retention(),
            Duration.ZERO);
    return asks.<TopicRegistry.Command, TopicEntry>askWithStatus(
            directory.registry(),
            replyTo -> new TopicRegistry.CreateTopic(config, letters, replyTo))
        .thenApplyAsync(
            entry -> {
              directory.refresh();
              return entry.config();
            },
            executor);
  }

  /**
   * Removes the topic from the registry, then tells its partitions, which tell their consumers and
   * stop.
   */
  public CompletionStage<Done> delete(String topic) {
    return asks.<TopicRegistry.Command, TopicEntry>askWithStatus(
            directory.registry(), replyTo -> new TopicRegistry.DeleteTopic(topic, replyTo))
        .thenComposeAsync(
            entry -> {
              for (int p = 0; p < entry.config().partitions(); p++) {
                directory.partition(entry, p).tell(PartitionProtocol.TopicDeleted.INSTANCE);
              }
              return directory.refresh();
            },
            executor)
        .thenApplyAsync(catalog -> Done.getInstance(), executor);
  }

  /** Returns the topic's config, or empty when there is no such topic. */
  public CompletionStage<Optional<TopicConfig>> describe(String topic) {
    return directory
        .topic(topic)
        .thenApplyAsync(entry -> Optional.of(entry.config()), executor)
        .exceptionallyAsync(
            failure -> {
              if (Asks.translate(failure).code() == ErrorCode.UNKNOWN_TOPIC) {
                return Optional.empty();
              }
              throw Asks.translate(failure);
            },
            executor);
  }

  /** Returns every topic's config, by name. */
  public CompletionStage<List<TopicConfig>> list() {
    return directory
        .refresh()
        .thenApplyAsync(
            catalog ->
                catalog.topics().values().stream()
                    .map(TopicEntry::config)
                    .sorted(Comparator.comparing(TopicConfig::name))
                    .toList(),
            executor);
  }

  /** Returns the topic's groups, by name. */
  public CompletionStage<Map<String, GroupConfig>> groups(String topic) {
    return directory
        .topic(topic)
        .thenApplyAsync(
            entry -> (Map<String, GroupConfig>) new TreeMap<>(entry.groups()), executor);
  }

  /** Records the group in the registry and adds it to every partition of the topic. */
  public CompletionStage<Done> add(String topic, String group, GroupConfig config) {
    return asks.<TopicRegistry.Command, TopicEntry>askWithStatus(
            directory.registry(),
            replyTo -> new TopicRegistry.CreateGroup(topic, group, config, replyTo))
        .thenComposeAsync(
            entry ->
                changeEveryPartition(
                    entry, replyTo -> new PartitionProtocol.AddGroup(group, config, replyTo)),
            executor);
  }

  /** Removes the group from the registry and from every partition of the topic. */
  public CompletionStage<Done> remove(String topic, String group) {
    return asks.<TopicRegistry.Command, TopicEntry>askWithStatus(
            directory.registry(), replyTo -> new TopicRegistry.DeleteGroup(topic, group, replyTo))
        .thenComposeAsync(
            entry ->
                changeEveryPartition(
                    entry, replyTo -> new PartitionProtocol.RemoveGroup(group, replyTo)),
            executor);
  }

  /** Returns live numbers summed over the topic's partitions. */
  public CompletionStage<TopicStats> stats(String topic) {
    return directory
        .topic(topic)
        .thenComposeAsync(
            entry -> askEveryPartition(entry, PartitionProtocol.GetStats::new), executor)
        .thenApplyAsync(parts -> StatsSummary.of(topic, parts), executor);
  }

  /**
   * Returns up to {@code limit} messages waiting in the group's backlog (not in flight), oldest
   * first by creation time over the partitions: a read that leases, delivers and writes nothing.
   */
  public CompletionStage<List<BacklogEntry>> browse(String topic, String group, int limit) {
    return directory
        .topic(topic)
        .thenComposeAsync(
            entry -> {
              if (!entry.groups().containsKey(group)) {
                throw new SwitchboardException(
                    ErrorCode.UNKNOWN_GROUP, "topic '" + topic + "' has no group '" + group + "'");
              }
              return askEveryPartition(
                  entry,
                  (ActorRef<PartitionProtocol.Browsed> replyTo) ->
                      new PartitionProtocol.Browse(group, limit, replyTo));
            },
            executor)
        .thenApplyAsync(parts -> oldest(parts, limit), executor);
  }

  private static List<BacklogEntry> oldest(List<PartitionProtocol.Browsed> parts, int limit) {
    List<BacklogEntry> all = new ArrayList<>();
    for (int p = 0; p < parts.size(); p++) {
      PartitionProtocol.Browsed part = parts.get(p);
      for (int i = 0; i < part.offsets().size(); i++) {
        all.add(new BacklogEntry(p, part.offsets().get(i), part.messages().get(i)));
      }
    }
    all.sort(
        Comparator.comparing((BacklogEntry e) -> e.message().createdAt())
            .thenComparingInt(BacklogEntry::partition)
            .thenComparingLong(BacklogEntry::offset));
    return List.copyOf(all.subList(0, Math.min(limit, all.size())));
  }

  /** Tells every partition of the topic a group change, then refreshes the catalog. */
  private CompletionStage<Done> changeEveryPartition(
      TopicEntry entry, Function<ActorRef<Done>, PartitionProtocol.Command> command) {
    return askEveryPartition(entry, command)
        .thenComposeAsync(ignored -> directory.refresh(), executor)
        .thenApplyAsync(catalog -> Done.getInstance(), executor);
  }

  /** Asks every partition of the topic and returns their answers in partition order. */
  private <T> CompletionStage<List<T>> askEveryPartition(
      TopicEntry entry, Function<ActorRef<T>, PartitionProtocol.Command> command) {
    List<CompletableFuture<T>> replies = new ArrayList<>();
    for (int p = 0; p < entry.config().partitions(); p++) {
      replies.add(
          asks.<PartitionProtocol.Command, T>ask(directory.partition(entry, p), command::apply)
              .toCompletableFuture());
    }
    return CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new))
        .thenApplyAsync(
            ignored -> replies.stream().map(CompletableFuture::join).toList(), executor);
  }
}
