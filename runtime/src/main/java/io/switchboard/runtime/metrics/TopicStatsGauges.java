package io.switchboard.runtime.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.switchboard.topic.TopicStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Gauges fed by {@link TopicStats}: per topic, per group and per partition. {@link #update}
 * replaces every row, so a deleted topic disappears from the next scrape.
 */
public final class TopicStatsGauges {
  private final Map<String, MultiGauge> topicGauges = new LinkedHashMap<>();
  private final Map<String, MultiGauge> groupGauges = new LinkedHashMap<>();
  private final Map<String, MultiGauge> partitionGroupGauges = new LinkedHashMap<>();
  private final Map<String, MultiGauge> partitionGauges = new LinkedHashMap<>();

  public TopicStatsGauges(MeterRegistry registry) {
    topicGauges.put("published", gauge(registry, "switchboard.topic.published", "Messages stored since the topic was created"));
    topicGauges.put("stored", gauge(registry, "switchboard.topic.stored", "Messages held by the partitions"));
    groupGauges.put("backlog", gauge(registry, "switchboard.group.backlog", "Messages waiting for the group"));
    groupGauges.put("inFlight", gauge(registry, "switchboard.group.in.flight", "Deliveries not yet settled"));
    groupGauges.put("consumers", gauge(registry, "switchboard.group.consumers", "Consumers connected to the group"));
    groupGauges.put("delivered", gauge(registry, "switchboard.group.delivered", "Deliveries, redeliveries included"));
    groupGauges.put("acked", gauge(registry, "switchboard.group.acked", "Messages acknowledged"));
    groupGauges.put("redelivered", gauge(registry, "switchboard.group.redelivered", "Redeliveries after nack or lease end"));
    groupGauges.put("deadLettered", gauge(registry, "switchboard.group.dead.lettered", "Messages sent to dead letters"));
    partitionGroupGauges.put("backlog", gauge(registry, "switchboard.partition.backlog", "Messages waiting, per partition and group"));
    partitionGroupGauges.put("inFlight", gauge(registry, "switchboard.partition.in.flight", "Unsettled deliveries, per partition and group"));
    partitionGauges.put("stored", gauge(registry, "switchboard.partition.stored", "Messages held by the partition"));
    partitionGauges.put("nextOffset", gauge(registry, "switchboard.partition.next.offset", "Offset the next message gets"));
  }

  /** Replaces every gauge row with the numbers of {@code stats}. */
  public synchronized void update(List<TopicStats> stats) {
    set(topicGauges.get("published"), topicRows(stats, TopicStats::published));
    set(topicGauges.get("stored"), topicRows(stats, TopicStats::stored));
    groupRow("backlog", stats, TopicStats.GroupStats::backlog);
    groupRow("inFlight", stats, TopicStats.GroupStats::inFlight);
    groupRow("consumers", stats, TopicStats.GroupStats::consumers);
    groupRow("delivered", stats, TopicStats.GroupStats::delivered);
    groupRow("acked", stats, TopicStats.GroupStats::acked);
    groupRow("redelivered", stats, TopicStats.GroupStats::redelivered);
    groupRow("deadLettered", stats, TopicStats.GroupStats::deadLettered);
    partitionGroupRow("backlog", stats, TopicStats.GroupStats::backlog);
    partitionGroupRow("inFlight", stats, TopicStats.GroupStats::inFlight);
    set(partitionGauges.get("stored"), partitionRows(stats, TopicStats.PartitionStats::stored));
    set(partitionGauges.get("nextOffset"), partitionRows(stats, TopicStats.PartitionStats::nextOffset));
  }

  private void groupRow(String name, List<TopicStats> stats, ToDoubleFunction<TopicStats.GroupStats> value) {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (TopicStats topic : stats) {
      for (TopicStats.GroupStats group : topic.groups()) {
        rows.add(MultiGauge.Row.of(
            Tags.of("topic", topic.topic(), "group", group.group()), value.applyAsDouble(group)));
      }
    }
    set(groupGauges.get(name), rows);
  }

  private void partitionGroupRow(
      String name, List<TopicStats> stats, ToDoubleFunction<TopicStats.GroupStats> value) {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (TopicStats topic : stats) {
      for (TopicStats.PartitionStats partition : topic.partitions()) {
        for (TopicStats.GroupStats group : partition.groups()) {
          rows.add(MultiGauge.Row.of(Tags.of("topic", topic.topic(),
              "partition", Integer.toString(partition.partition()), "group", group.group()),
              value.applyAsDouble(group)));
        }
      }
    }
    set(partitionGroupGauges.get(name), rows);
  }

  private static List<MultiGauge.Row<?>> topicRows(
      List<TopicStats> stats, ToDoubleFunction<TopicStats> value) {
    return stats.stream()
        .<MultiGauge.Row<?>>map(t -> MultiGauge.Row.of(Tags.of("topic", t.topic()), value.applyAsDouble(t)))
        .toList();
  }

  private static List<MultiGauge.Row<?>> partitionRows(
      List<TopicStats> stats, ToDoubleFunction<TopicStats.PartitionStats> value) {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (TopicStats topic : stats) {
      for (TopicStats.PartitionStats partition : topic.partitions()) {
        rows.add(MultiGauge.Row.of(Tags.of("topic", topic.topic(),
            "partition", Integer.toString(partition.partition())), value.applyAsDouble(partition)));
      }
    }
    return rows;
  }

  private static void set(MultiGauge gauge, List<MultiGauge.Row<?>> rows) {
    gauge.register(rows, true);
  }

  private static MultiGauge gauge(MeterRegistry registry, String name, String description) {
    return MultiGauge.builder(name).description(description).register(registry);
  }
}
