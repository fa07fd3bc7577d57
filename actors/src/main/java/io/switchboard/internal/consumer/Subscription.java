package io.switchboard.internal.consumer;

import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.consumer.Receipt;
import io.switchboard.internal.protocol.PartitionProtocol;
import io.switchboard.internal.protocol.PartitionProtocol.ConsumerMessage;
import io.switchboard.internal.protocol.PartitionProtocol.SettleKind;
import io.switchboard.priority.SchedulingHeaders;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.RecipientRef;

/**
 * A consumer's membership in a group on every partition of a topic: subscribes, renews, and batches
 * acks per partition. Used from one actor's thread.
 */
public final class Subscription {
  private final String group;
  private final String consumerId;
  private final int window;
  private final double capacity;
  private final long tokenBudget;
  private final int partitions;
  private final IntFunction<RecipientRef<PartitionProtocol.Command>> partitionRef;
  private final ActorRef<ConsumerMessage> self;
  private final Map<Integer, List<Receipt>> acks = new HashMap<>();

  /** The token budget shared by the partitions (null: none, or a topic of one partition). */
  private final TokenGrants grants;

  public Subscription(
      String group,
      ConsumerSettings settings,
      int partitions,
      IntFunction<RecipientRef<PartitionProtocol.Command>> partitionRef,
      ActorRef<ConsumerMessage> self) {
    this.group = group;
    this.consumerId = settings.consumerId();
    this.window = settings.credit();
    this.capacity = settings.capacity();
    this.tokenBudget = settings.tokenBudget();
    this.partitions = partitions;
    this.partitionRef = partitionRef;
    this.self = self;
    this.grants =
        tokenBudget > 0 && partitions > 1
            ? new TokenGrants(tokenBudget, partitions, this::subscribe)
            : null;
  }

  /** Joins (or renews the membership on) every partition. */
  public void subscribe() {
    for (int p = 0; p < partitions; p++) {
      subscribe(p, grants == null ? -1 : grants.grant(p));
    }
  }

  private void subscribe(int partition, long grant) {
    partitionRef
        .apply(partition)
        .tell(
            new PartitionProtocol.Subscribe(
                group, consumerId, window, capacity, tokenBudget, grant, self));
  }

  /** Counts what the deliveries hold of a shared token budget, until they are settled. */
  public void delivered(PartitionProtocol.Deliveries deliveries) {
    if (grants != null) {
      for (PartitionProtocol.Delivered item : deliveries.items()) {
        grants.delivered(
            deliveries.receipt(item), SchedulingHeaders.cost(item.message().headers()));
      }
    }
  }

  /** Takes a partition's answer about its share of a shared token budget. */
  public void tokens(PartitionProtocol.Tokens tokens) {
    if (grants != null) {
      grants.tokens(tokens.partition(), tokens.grant(), tokens.wanted());
    }
  }

  private void settled(Receipt receipt) {
    if (grants != null) {
      grants.settled(receipt);
    }
  }

  /**
   * Takes no more deliveries (zero credit) while staying a member; settles sent after this (a
   * release) cannot bring the same deliveries straight back.
   */
  public void pause() {
    for (int p = 0; p < partitions; p++) {
      partitionRef
          .apply(p)
          .tell(
              new PartitionProtocol.Subscribe(
                  group,
                  consumerId,
                  0,
                  capacity,
                  tokenBudget,
                  grants == null ? -1 : grants.grant(p),
                  self));
    }
  }

  /** Leaves every partition; what this consumer held is redelivered to the others. */
  public void unsubscribe() {
    unsubscribe(null);
  }

  /**
   * Sends the queued acks and leaves every partition; each partition answers {@code replyTo} (may
   * be null) once it has handled them. Stop only after the answers: a partition that sees the
   * consumer stop first would redeliver what the last acks settled.
   */
  public void unsubscribe(ActorRef<Done> replyTo) {
    flush();
    for (int p = 0; p < partitions; p++) {
      partitionRef.apply(p).tell(new PartitionProtocol.Unsubscribe(group, consumerId, replyTo));
    }
  }

  public int partitions() {
    return partitions;
  }

  /** Queues an ack for the next {@link #flush()}; returns true when the queue was empty. */
  public boolean ack(Receipt receipt) {
    settled(receipt);
    boolean first = acks.isEmpty();
    acks.computeIfAbsent(receipt.partition(), p -> new ArrayList<>()).add(receipt);
    return first;
  }

  /** Nacks or releases at once (rare, and each may carry its own delay). */
  public void settle(Receipt receipt, SettleKind kind, long delayMillis) {
    if (kind != SettleKind.RENEW) {
      settled(receipt);
    }
    partitionRef
        .apply(receipt.partition())
        .tell(new PartitionProtocol.Settle(group, List.of(receipt), kind, delayMillis, null));
  }

  /** Tells the partitions that these deliveries left for a client outside (see DETACH). */
  public void detach(List<Receipt> receipts) {
    Map<Integer, List<Receipt>> byPartition = new HashMap<>();
    receipts.forEach(this::settled);
    receipts.forEach(
        r -> byPartition.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r));
    byPartition.forEach(
        (partition, batch) ->
            partitionRef
                .apply(partition)
                .tell(new PartitionProtocol.Settle(group, batch, SettleKind.DETACH, 0, null)));
  }

  /** Sends the queued acks, one message per partition. */
  public void flush() {
    acks.forEach(
        (partition, receipts) ->
            partitionRef
                .apply(partition)
                .tell(new PartitionProtocol.Settle(group, receipts, SettleKind.ACK, 0, null)));
    acks.clear();
  }

  public String group() {
    return group;
  }
}
