package io.switchboard.internal;

import io.switchboard.topic.TopicStats;
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
        groups.merge(g.group(), g, (a, b) -> new GroupStats(a.group(), a.backlog() + b.backlog(),
            a.inFlight() + b.inFlight(), Math.max(a.consumers(), b.consumers()),
            a.delivered() + b.delivered(), a.acked() + b.acked(),
            a.redelivered() + b.redelivered(), a.deadLettered() + b.deadLettered()));
      }
    }
    return new TopicStats(topic, published, stored, new ArrayList<>(groups.values()), partitions);
  }
}
