package io.switchboard.runtime.gateway;

import io.switchboard.Switchboard;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The topic a pool's calls queue on, as the pool's settings make it: its partitions, attempts, ack
 * lease and backlog limit, and its connector group's balancing. These are fixed when the topic is
 * created (a topic's partitions cannot change under stored calls), so a pool whose topic already
 * exists with others is refused ({@link PoolCatalog}) or, from configuration, served on the topic
 * as it is with a warning.
 */
final class PoolTopic {
  private PoolTopic() {}

  /** Returns the topic {@code pool} asks for, from the node's topic defaults. */
  static TopicConfig config(Switchboard switchboard, PoolSettings pool) {
    // one attempt more than the pool's: the connector decides the last failure (502), not dead
    // letters
    TopicConfig defaults =
        switchboard
            .topicDefaults(pool.topic())
            .withPartitions(pool.partitions())
            .withMaxAttempts(pool.maxAttempts() + 1)
            .withAckLease(pool.ackLease());
    // a full partition refuses new calls with OVERLOADED: 429 with Retry-After at the front
    return pool.maxQueued() > 0 ? defaults.withBacklogLimit(pool.maxQueued()) : defaults;
  }

  /** Returns the connector group {@code pool} asks for. */
  static GroupConfig group(PoolSettings pool) {
    return GroupConfig.DEFAULT.withBalancing(pool.balancing());
  }

  /**
   * Completes with what differs between the pool's topic as it exists and as {@code pool} asks for
   * it, one {@code key: has X, asked Y} each, the pool's keys; empty when the topic does not exist
   * yet or matches.
   */
  static CompletionStage<List<String>> differences(
      Switchboard switchboard, String group, PoolSettings pool, Executor executor) {
    TopicConfig wanted = config(switchboard, pool);
    return switchboard
        .describeTopic(pool.topic())
        .thenComposeAsync(
            existing ->
                existing.isEmpty()
                    ? CompletableFuture.completedFuture(List.<String>of())
                    : switchboard
                        .listGroups(pool.topic())
                        .thenApplyAsync(
                            groups -> differences(existing.get(), groups, group, wanted, pool),
                            executor),
            executor);
  }

  private static List<String> differences(
      TopicConfig has,
      Map<String, GroupConfig> groups,
      String group,
      TopicConfig wanted,
      PoolSettings pool) {
    List<String> differ = new ArrayList<>();
    compare(differ, "partitions", has.partitions(), wanted.partitions());
    // the topic holds one attempt more than the pool's max-attempts
    compare(differ, "max-attempts", has.maxAttempts() - 1, wanted.maxAttempts() - 1);
    compare(
        differ, "ack-lease", has.ackLease().toMillis() + "ms", wanted.ackLease().toMillis() + "ms");
    if (has.backlogLimit() != wanted.backlogLimit()) {
      compare(
          differ,
          "max-queued",
          has.backlogLimit(),
          pool.maxQueued() == 0 ? "0 (" + wanted.backlogLimit() + ")" : pool.maxQueued());
    }
    Optional.ofNullable(groups.get(group))
        .ifPresent(
            g ->
                compare(
                    differ,
                    "balancing",
                    g.balancing().configName(),
                    pool.balancing().configName()));
    return differ;
  }

  private static void compare(List<String> differ, String key, Object has, Object asked) {
    if (!has.equals(asked)) {
      differ.add(key + ": the topic has " + has + ", the pool asks " + asked);
    }
  }
}
