package io.switchboard.client.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.switchboard.balance.Balancing;
import io.switchboard.consumer.Receipt;
import io.switchboard.message.Message;
import io.switchboard.producer.Confirm;
import io.switchboard.protocol.v1.Group;
import io.switchboard.protocol.v1.Topic;
import io.switchboard.request.ReplyChunk;
import io.switchboard.request.Usage;
import io.switchboard.routing.Route;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import io.switchboard.topic.TopicStats;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Converts between the library's types and their {@code switchboard.v1} wire forms. */
public final class WireFormat {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private WireFormat() {}

  /** Returns the wire form of a message to publish; its payload array is shared, not copied. */
  public static io.switchboard.protocol.v1.Message toWire(Message m) {
    return builder(m).build();
  }

  private static io.switchboard.protocol.v1.Message.Builder builder(Message m) {
    var wire =
        io.switchboard.protocol.v1.Message.newBuilder()
            .setId(m.id())
            .setTopic(m.topic())
            .setKey(orEmpty(m.key()))
            .setType(orEmpty(m.type()))
            .setSource(orEmpty(m.source()))
            .setTarget(orEmpty(m.target()))
            .putAllHeaders(m.headers())
            // A Message owns its payload and nobody changes it after building: no copy needed.
            .setPayload(UnsafeByteOperations.unsafeWrap(m.payload()))
            .setContentType(m.contentType())
            .setIdempotencyKey(orEmpty(m.idempotencyKey()));
    if (!m.createdAt().equals(Instant.EPOCH)) {
      wire.setCreatedAtUnixNanos(
          m.createdAt().getEpochSecond() * NANOS_PER_SECOND + m.createdAt().getNano());
    }
    return wire;
  }

  /**
   * Returns the wire form of a message to publish, keyed for idempotency by its id when it has no
   * key of its own: a copy re-sent after a reconnect is then confirmed as a duplicate, not stored.
   */
  public static io.switchboard.protocol.v1.Message toPublish(Message m) {
    return builder(m)
        .setIdempotencyKey(m.idempotencyKey() != null ? m.idempotencyKey() : m.id())
        .build();
  }

  /** Returns the library's form of a message the node sent. */
  public static Message fromWire(io.switchboard.protocol.v1.Message w) {
    long nanos = w.getCreatedAtUnixNanos();
    Instant createdAt =
        Instant.ofEpochSecond(
            Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
    ByteString payload = w.getPayload();
    return new Message(
        w.getId(),
        w.getTopic(),
        orNull(w.getKey()),
        orNull(w.getType()),
        orNull(w.getSource()),
        orNull(w.getTarget()),
        w.getHeadersMap(),
        payload.toByteArray(),
        w.getContentType().isEmpty() ? Message.DEFAULT_CONTENT_TYPE : w.getContentType(),
        createdAt,
        orNull(w.getIdempotencyKey()));
  }

  /**
   * Returns a reply chunk as sent; the final reply with the worker's token usage, if it reported
   * one.
   */
  public static ReplyChunk fromWire(io.switchboard.protocol.v1.ReplyChunk c) {
    Usage usage =
        c.hasPromptTokens() || c.hasCompletionTokens()
            ? Usage.of(c.getPromptTokens(), c.getCompletionTokens())
            : null;
    return new ReplyChunk(
        c.getRequestId(), c.getSeq(), c.getPayload().toByteArray(), c.getLast(), usage);
  }

  public static Confirm fromWire(io.switchboard.protocol.v1.Confirm c) {
    return new Confirm(
        c.getMessageId(), c.getTopic(), c.getPartition(), c.getOffset(), c.getDuplicate());
  }

  public static io.switchboard.protocol.v1.Receipt toWire(Receipt r) {
    return io.switchboard.protocol.v1.Receipt.newBuilder()
        .setPartition(r.partition())
        .setOffset(r.offset())
        .setAttempt(r.attempt())
        .setEpoch(r.epoch())
        .setBinding(r.binding())
        .build();
  }

  public static Receipt fromWire(io.switchboard.protocol.v1.Receipt r) {
    return new Receipt(
        r.getPartition(), r.getOffset(), r.getAttempt(), r.getEpoch(), r.getBinding());
  }

  public static Topic toWire(TopicConfig c) {
    return Topic.newBuilder()
        .setName(c.name())
        .setPartitions(c.partitions())
        .setDurable(c.durable())
        .setMaxAttempts(c.maxAttempts())
        .setAckLeaseMillis(c.ackLease().toMillis())
        .setBacklogLimit(c.backlogLimit())
        .setRetentionMillis(c.retention().toMillis())
        .setIdempotencyWindowMillis(c.idempotencyWindow().toMillis())
        .build();
  }

  public static TopicConfig fromWire(Topic t) {
    return new TopicConfig(
        t.getName(),
        t.getPartitions(),
        !t.hasDurable() || t.getDurable(),
        t.getMaxAttempts(),
        Duration.ofMillis(t.getAckLeaseMillis()),
        t.getBacklogLimit(),
        Duration.ofMillis(t.getRetentionMillis()),
        Duration.ofMillis(t.getIdempotencyWindowMillis()));
  }

  public static Group toWire(String topic, String group, GroupConfig c) {
    return Group.newBuilder()
        .setTopic(topic)
        .setName(group)
        .setBalancing(c.balancing().name())
        .setStartFrom(c.startFrom().name())
        .build();
  }

  public static GroupConfig fromWire(Group g) {
    return new GroupConfig(
        g.getBalancing().isEmpty()
            ? GroupConfig.DEFAULT.balancing()
            : Balancing.parse(g.getBalancing()),
        g.getStartFrom().isEmpty()
            ? GroupConfig.DEFAULT.startFrom()
            : GroupConfig.StartFrom.valueOf(g.getStartFrom()));
  }

  public static io.switchboard.protocol.v1.Route toWire(Route r) {
    return io.switchboard.protocol.v1.Route.newBuilder()
        .setPattern(r.pattern())
        .setTopic(r.topic())
        .build();
  }

  public static Route fromWire(io.switchboard.protocol.v1.Route r) {
    return new Route(r.getPattern(), r.getTopic());
  }

  public static TopicStats fromWire(io.switchboard.protocol.v1.TopicStats s) {
    return new TopicStats(
        s.getTopic(),
        s.getPublished(),
        s.getStored(),
        groups(s.getGroupsList()),
        s.getPartitionsList().stream()
            .map(
                p ->
                    new TopicStats.PartitionStats(
                        p.getPartition(),
                        p.getNextOffset(),
                        p.getStored(),
                        groups(p.getGroupsList()),
                        p.getNode(),
                        p.getJournalWrites(),
                        p.getJournalEvents(),
                        consumers(p.getConsumersList())))
            .toList(),
        consumers(s.getConsumersList()));
  }

  private static List<TopicStats.ConsumerStats> consumers(
      List<io.switchboard.protocol.v1.ConsumerStats> consumers) {
    return consumers.stream()
        .map(
            c ->
                new TopicStats.ConsumerStats(
                    c.getGroup(),
                    c.getConsumer(),
                    c.getWindow(),
                    c.getOutstanding(),
                    c.getTokenBudget(),
                    c.getOutstandingTokens(),
                    c.getServiceMillis()))
        .toList();
  }

  private static List<TopicStats.GroupStats> groups(
      List<io.switchboard.protocol.v1.GroupStats> groups) {
    return groups.stream()
        .map(
            g ->
                new TopicStats.GroupStats(
                    g.getGroup(),
                    g.getBacklog(),
                    g.getInFlight(),
                    g.getConsumers(),
                    g.getDelivered(),
                    g.getAcked(),
                    g.getRedelivered(),
                    g.getDeadLettered()))
        .toList();
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }

  private static String orNull(String value) {
    return value.isEmpty() ? null : value;
  }
}
