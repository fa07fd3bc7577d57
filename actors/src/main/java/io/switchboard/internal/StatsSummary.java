package io.switchboard.internal;

import io.switchboard.topic.TopicStats;
import io.switchboard.topic.TopicStats.ConsumerStats;
import io.switchboard.topic.TopicStats.GroupStats;
import io.switchboard.topic.TopicStats.PartitionStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Sums partition numbers into topic numbers. */
public final class StatsSummary {
  private StatsSummary() {}

  public static TopicStats of(String topic, List<PartitionStats> partitions) {
    long published = 0;
    long stored = 0;
    Map<String, GroupStats> groups = new TreeMap<>();
    for (PartitionStats partition : partitions) {
      published += partition.nextOffset();
      stored += partition.stored();
      for (GroupStats g : partition.groups()) {
        groups.merge(
            g.group(),
            g,
            (a, b) ->
                new GroupStats(
                    a.group(),
                    a.backlog() + b.backlog(),
                    a.inFlight() + b.inFlight(),
                    Math.max(a.consumers(), b.consumers()),
                    a.delivered() + b.delivered(),
                    a.acked() + b.acked(),
                    a.redelivered() + b.redelivered(),
                    a.deadLettered() + b.deadLettered()));
      }
    }
    return new TopicStats(
        topic,
        published,
        stored,
        new ArrayList<>(groups.values()),
        partitions,
        consumers(partitions));
  }

  /**
   * Sums each consumer's window, holdings and budget over the partitions it takes from; its service
   * time is the mean over the partitions that measured one.
   */
  static List<ConsumerStats> consumers(List<PartitionStats> partitions) {
    Map<String, ConsumerStats> sums = new TreeMap<>();
    Map<String, Integer> measured = new TreeMap<>();
    for (PartitionStats partition : partitions) {
      for (ConsumerStats c : partition.consumers()) {
        String key = c.group() + '\u0000' + c.consumer();
        if (c.serviceMillis() > 0) {
          measured.merge(key, 1, Integer::sum);
        }
        sums.merge(
            key,
            c,
            (a, b) ->
                new ConsumerStats(
                    a.group(),
                    a.consumer(),
                    a.window() + b.window(),
                    a.outstanding() + b.outstanding(),
                    a.tokenBudget() + b.tokenBudget(),
                    a.outstandingTokens() + b.outstandingTokens(),
                    a.serviceMillis() + b.serviceMillis()));
      }
    }
    List<ConsumerStats> out = new ArrayList<>();
    sums.forEach(
        (key, c) -> {
          int n = measured.getOrDefault(key, 0);
          out.add(
              new ConsumerStats(
                  c.group(),
                  c.consumer(),
                  c.window(),
                  c.outstanding(),
                  c.tokenBudget(),
                  c.outstandingTokens(),
                  n == 0 ? 0 : c.serviceMillis() / n));
        });
    return out;
  }
}
