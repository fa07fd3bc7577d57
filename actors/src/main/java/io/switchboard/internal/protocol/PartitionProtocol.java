package io.switchboard.internal.protocol;

import io.switchboard.consumer.AckResult;
import io.switchboard.consumer.Receipt;
import io.switchboard.message.CborSerializable;
import io.switchboard.message.Message;
import io.switchboard.producer.Confirm;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicStats;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;

/** The messages a partition (durable or transient) takes and sends. */
public final class PartitionProtocol {
  private PartitionProtocol() {}

  /** What a partition takes. */
  public interface Command extends CborSerializable {}

  /** Stores messages (all of this partition) and answers with their confirms, in order. */
  public record Publish(List<Message> messages, ActorRef<PublishReply> replyTo)
      implements Command {}

  /** Either the confirms, or why nothing was stored ({@code errorCode} non-null). */
  public record PublishReply(
      List<Confirm> confirms, String errorCode, String error, long retryAfterMillis)
      implements CborSerializable {
    public static PublishReply ok(List<Confirm> confirms) {
      return new PublishReply(confirms, null, null, 0);
    }
  }

  /**
   * Joins (or renews) a consumer of a group; {@code window} is the most unacknowledged deliveries
   * it holds from this partition, {@code tokenBudget} its whole budget in tokens (0: no budget).
   * With {@code tokenGrant} of 0 or more the budget is shared by the topic's partitions: this one
   * holds at most {@code tokenGrant} of it and answers with {@link Tokens}; -1: the whole budget
   * applies to this partition alone. Sent again every heartbeat.
   */
  public record Subscribe(
      String group,
      String consumerId,
      int window,
      double capacity,
      long tokenBudget,
      long tokenGrant,
      ActorRef<ConsumerMessage> consumer)
      implements Command {

    /** A consumer whose budget (0: none) applies to each partition alone. */
    public Subscribe(
        String group,
        String consumerId,
        int window,
        double capacity,
        long tokenBudget,
        ActorRef<ConsumerMessage> consumer) {
      this(group, consumerId, window, capacity, tokenBudget, -1, consumer);
    }

    /** A consumer without a token budget. */
    public Subscribe(
        String group,
        String consumerId,
        int window,
        double capacity,
        ActorRef<ConsumerMessage> consumer) {
      this(group, consumerId, window, capacity, 0, consumer);
    }
  }

  /**
   * Leaves a group; what the consumer still holds is redelivered. {@code replyTo} (may be null)
   * hears back once the partition has handled everything the consumer sent before.
   */
  public record Unsubscribe(String group, String consumerId, ActorRef<Done> replyTo)
      implements Command {}

  /** How a receipt is settled. */
  public enum SettleKind {
    /** Done: the group will not see the message again. */
    ACK,
    /** Failed: redeliver (after {@code delayMillis}) with attempt + 1, or dead-letter. */
    NACK,
    /** Never processed (still buffered at the consumer): redeliver without counting an attempt. */
    RELEASE,
    /**
     * Handed on to a client outside (an HTTP pull): it no longer takes the consumer's credit, only
     * its lease holds it.
     */
    DETACH,
    /** Still being worked on (a request streaming its answer): its lease starts again from now. */
    RENEW
  }

  /** Settles deliveries; {@code replyTo} may be null when the sender needs no answer. */
  public record Settle(
      String group,
      List<Receipt> receipts,
      SettleKind kind,
      long delayMillis,
      ActorRef<AckResult> replyTo)
      implements Command {}

  public record AddGroup(String group, GroupConfig config, ActorRef<Done> replyTo)
      implements Command {}

  public record RemoveGroup(String group, ActorRef<Done> replyTo) implements Command {}

  public record GetStats(ActorRef<TopicStats.PartitionStats> replyTo) implements Command {}

  /**
   * Returns up to {@code limit} stored messages, oldest first; with a {@code group}, only those
   * waiting in its backlog (not in flight). Reads only: nothing is leased, delivered or changed.
   */
  public record Browse(String group, int limit, ActorRef<Browsed> replyTo) implements Command {

    /** Browses every stored message. */
    public Browse(int limit, ActorRef<Browsed> replyTo) {
      this(null, limit, replyTo);
    }
  }

  public record Browsed(List<Long> offsets, List<Message> messages) implements CborSerializable {}

  /** Takes stored messages out of the partition (dead letters that were replayed). */
  public record Remove(List<Long> offsets, ActorRef<Done> replyTo) implements Command {}

  /** Stops the partition (passivation); it recovers from the journal when next needed. */
  public enum Passivate implements Command {
    INSTANCE
  }

  /** Its topic incarnation was deleted: the partition tells its consumers and stops. */
  public enum TopicDeleted implements Command {
    INSTANCE
  }

  /** What a partition sends a consumer. */
  public interface ConsumerMessage extends CborSerializable {}

  /**
   * New deliveries for a consumer, in offset order; {@code epoch} and {@code binding} go into their
   * receipts.
   */
  public record Deliveries(
      String topic, int partition, String group, int epoch, int binding, List<Delivered> items)
      implements ConsumerMessage {

    /** Returns the receipt that settles {@code item}. */
    public Receipt receipt(Delivered item) {
      return new Receipt(partition, item.offset(), item.attempt(), epoch, binding);
    }
  }

  /**
   * Answers a consumer's first subscription to a partition, after the deliveries that subscription
   * brought: the consumer has everything the partition had for it then.
   */
  public record Joined(String topic, int partition, String group) implements ConsumerMessage {}

  /**
   * The group or its topic is gone ({@code errorCode} {@code UNKNOWN_GROUP} or {@code
   * UNKNOWN_TOPIC}): the consumer ends.
   */
  public record Gone(String topic, int partition, String group, String errorCode, String reason)
      implements ConsumerMessage {}

  /**
   * A consumer's share of its token budget as this partition holds it: the {@code grant} it last
   * took from a {@link Subscribe} (answered to each), and {@code wanted}, the cost of the next
   * message waiting for the group when it fits no consumer and this one's grant is what keeps it
   * out (0: none). Sent again whenever {@code wanted} changes.
   */
  public record Tokens(String topic, int partition, String group, long grant, long wanted)
      implements ConsumerMessage {}

  /** One delivery: the message, its offset and which attempt this is. */
  public record Delivered(Message message, long offset, int attempt) implements CborSerializable {}
}
