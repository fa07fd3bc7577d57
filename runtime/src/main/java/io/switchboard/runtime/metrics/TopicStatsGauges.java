package io.switchboard.runtime.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.switchboard.internal.StatsSummary;
import io.switchboard.topic.TopicStats;
import io.switchboard.topic.TopicStats.GroupStats;
import io.switchboard.topic.TopicStats.PartitionStats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gauges of the partitions this node hosts, per topic, group and partition. Each gauge is
 * registered once and reads a value holder that {@link #update} sets, so a poll costs a map lookup
 * per row, not a registration; rows of deleted topics and departed shards are removed.
 *
 * <p>Not thread-safe: the poller calls it from its one thread (scrapes only read the holders).
 */
public final class TopicStatsGauges {
  private static final Map<String, String> DESCRIPTIONS =
      Map.ofEntries(
          Map.entry("switchboard.topic.published", "Messages stored since the topic was created"),
          Map.entry("switchboard.topic.stored", "Messages held by the partitions"),
          Map.entry("switchboard.group.backlog", "Messages waiting for the group"),
          Map.entry("switchboard.group.in.flight", "Deliveries not yet settled"),
          Map.entry("switchboard.group.consumers", "Consumers connected to the group"),
          Map.entry("switchboard.group.delivered", "Deliveries, redeliveries included"),
          Map.entry("switchboard.group.acked", "Messages acknowledged"),
          Map.entry("switchboard.group.redelivered", "Redeliveries after nack or lease end"),
          Map.entry("switchboard.group.dead.lettered", "Messages sent to dead letters"),
          Map.entry("switchboard.partition.backlog", "Messages waiting, per partition and group"),
          Map.entry(
              "switchboard.partition.in.flight", "Unsettled deliveries, per partition and group"),
          Map.entry("switchboard.partition.stored", "Messages held by the partition"),
          Map.entry("switchboard.partition.next.offset", "Offset the next message gets"));

  private final MeterRegistry registry;
  private final Map<Slot, Known> known = new HashMap<>();
  private final Map<Row, Registered> gauges = new HashMap<>();

  public TopicStatsGauges(MeterRegistry registry) {
    this.registry = registry;
  }

  /** A partition of a topic, whatever its incarnation. */
  private record Slot(String topic, int partition) {}

  /** The last numbers a partition gave, with the shard that held it then. */
  private record Known(long incarnation, String shard, PartitionStats stats) {}

  /** One gauge: a metric name and its tags. */
  private record Row(String name, Tags tags) {}

  private record Registered(Gauge gauge, AtomicLong value) {}

  /** Returns how many gauges are registered. */
  public int size() {
    return gauges.size();
  }

  /**
   * Takes a poll's answers. A hosted partition that did not answer (passivated, or slow) keeps its
   * last numbers; one of a deleted topic or of a shard that left this node is dropped.
   */
  void update(
      HostedPartitions.Snapshot hosted,
      Map<HostedPartitions.Running, PartitionStats> answers,
      Set<String> topics) {
    answers.forEach(
        (partition, stats) -> {
          Slot slot = new Slot(partition.id().topic(), partition.id().partition());
          Known before = known.get(slot);
          if (before == null || before.incarnation() <= partition.id().incarnation()) {
            known.put(slot, new Known(partition.id().incarnation(), partition.shard(), stats));
          }
        });
    known
        .entrySet()
        .removeIf(
            entry ->
                !topics.contains(entry.getKey().topic())
                    || !hosted.shards().contains(entry.getValue().shard()));
    apply(rowsOfKnown());
  }

  private Map<Row, Long> rowsOfKnown() {
    Map<String, List<PartitionStats>> byTopic = new TreeMap<>();
    known.forEach(
        (slot, k) -> byTopic.computeIfAbsent(slot.topic(), t -> new ArrayList<>()).add(k.stats()));
    Map<Row, Long> rows = new HashMap<>();
    byTopic.forEach((topic, partitions) -> addTopic(rows, StatsSummary.of(topic, partitions)));
    return rows;
  }

  private static void addTopic(Map<Row, Long> rows, TopicStats topic) {
    Tags tags = Tags.of("topic", topic.topic());
    rows.put(new Row("switchboard.topic.published", tags), topic.published());
    rows.put(new Row("switchboard.topic.stored", tags), topic.stored());
    for (GroupStats group : topic.groups()) {
      Tags g = tags.and("group", group.group());
      rows.put(new Row("switchboard.group.backlog", g), group.backlog());
      rows.put(new Row("switchboard.group.in.flight", g), group.inFlight());
      rows.put(new Row("switchboard.group.consumers", g), (long) group.consumers());
      rows.put(new Row("switchboard.group.delivered", g), group.delivered());
      rows.put(new Row("switchboard.group.acked", g), group.acked());
      rows.put(new Row("switchboard.group.redelivered", g), group.redelivered());
      rows.put(new Row("switchboard.group.dead.lettered", g), group.deadLettered());
    }
    for (PartitionStats partition : topic.partitions()) {
      Tags p = tags.and("partition", Integer.toString(partition.partition()));
      rows.put(new Row("switchboard.partition.stored", p), partition.stored());
      rows.put(new Row("switchboard.partition.next.offset", p), partition.nextOffset());
      for (GroupStats group : partition.groups()) {
        Tags pg = p.and("group", group.group());
        rows.put(new Row("switchboard.partition.backlog", pg), group.backlog());
        rows.put(new Row("switchboard.partition.in.flight", pg), group.inFlight());
      }
    }
  }

  private void apply(Map<Row, Long> rows) {
    rows.forEach((row, value) -> gauges.computeIfAbsent(row, this::register).value().set(value));
    for (Iterator<Map.Entry<Row, Registered>> it = gauges.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Row, Registered> entry = it.next();
      if (!rows.containsKey(entry.getKey())) {
        registry.remove(entry.getValue().gauge());
        it.remove();
      }
    }
  }

  private Registered register(Row row) {
    AtomicLong value = new AtomicLong();
    Gauge gauge =
        Gauge.builder(row.name(), value, AtomicLong::doubleValue)
            .description(DESCRIPTIONS.get(row.name()))
            .tags(row.tags())
            .strongReference(true)
            .register(registry);
    return new Registered(gauge, value);
  }
}
