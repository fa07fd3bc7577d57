package io.switchboard.internal.partition;

import io.switchboard.balance.BalancingStrategy;
import io.switchboard.consumer.Receipt;
import io.switchboard.internal.group.ConsumerGroupBalancer;
import io.switchboard.internal.partition.ConsumerSlots.Slot;
import io.switchboard.internal.partition.Leases.InFlight;
import io.switchboard.internal.protocol.PartitionProtocol;
import io.switchboard.internal.protocol.PartitionProtocol.ConsumerMessage;
import io.switchboard.internal.protocol.PartitionProtocol.Delivered;
import io.switchboard.message.Message;
import io.switchboard.priority.PrioritySettings;
import io.switchboard.topic.TopicStats;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Hands one group's messages of one partition to the group's consumers: priority bands and tenant
 * shares ({@link ReadyQueue}), credit windows and token budgets, leases, redelivery and the attempt
 * count. Volatile: rebuilt from the pending offsets (and their classes) after recovery, so whatever
 * was in flight is delivered again.
 *
 * <p>Over 400 lines on purpose: the parts with state of their own are already apart ({@link
 * ReadyQueue}, {@link Leases}, {@link Retries}, {@link ConsumerSlots}); what is left is the one
 * dispatch and settle loop over them and the group's counters, which reads best in one place.
 */
final class GroupDispatcher {

  /** What an ack or nack came to: the offsets to settle and to dead-letter. */
  record Outcome(
      List<Receipt> accepted, List<Receipt> rejected, List<Long> settled, List<Long> dead) {}

  private final String group;
  private final int binding;
  private final BalancingStrategy strategy;
  private final int maxAttempts;
  private final ConsumerSlots slots = new ConsumerSlots();
  private final ReadyQueue ready;
  private final Leases leases;
  private final Retries retries = new Retries();

  /** Offsets up to here were delivered before the partition's restart: their next attempt is 2. */
  private long recoveredThrough = -1;

  /** The partition's epoch once its start is written; until then nothing is delivered. */
  private int epoch;

  private boolean started;

  /** The cost of the message that fitted no consumer at the last dispatch (-1: none). */
  private long blockedCost = -1;

  private long deliveredThrough = -1;
  private long delivered;
  private long acked;
  private long redelivered;
  private long deadLettered;

  GroupDispatcher(
      String group,
      int binding,
      BalancingStrategy strategy,
      int maxAttempts,
      long leaseMillis,
      PrioritySettings priority) {
    this.ready = new ReadyQueue(priority);
    this.group = group;
    this.binding = binding;
    this.strategy = strategy;
    this.maxAttempts = maxAttempts;
    this.leases = new Leases(leaseMillis);
  }

  String group() {
    return group;
  }

  int binding() {
    return binding;
  }

  /** Starts delivering under {@code epoch}; receipts of other epochs are refused. */
  void start(int epoch) {
    this.epoch = epoch;
    this.started = true;
  }

  /** Adds offsets (of the default class) that wait for their first delivery. */
  void enqueue(Iterable<Long> offsets) {
    offsets.forEach(offset -> ready.add(offset, null));
  }

  /**
   * Adds offsets {@code from .. to-1} of {@code pending} that wait for their first delivery, each
   * of its class in {@code classes}.
   */
  void enqueue(OffsetSet pending, long from, long to, MessageBodies classes) {
    for (long offset = pending.next(from);
        offset >= 0 && offset < to;
        offset = pending.next(offset + 1)) {
      ready.add(offset, classes.classOf(offset));
    }
  }

  /**
   * Adds offsets recovered after a restart; those up to {@code deliveredThrough} were delivered
   * before it, so their next delivery counts as a redelivery (attempt 2 at least).
   */
  void recover(OffsetSet offsets, long deliveredThrough, Map<Long, MessageClass> classes) {
    this.deliveredThrough = deliveredThrough;
    this.recoveredThrough = deliveredThrough;
    ready.addAll(offsets, classes);
  }

  /** Returns the highest offset ever delivered to this group (-1: none). */
  long deliveredThrough() {
    return deliveredThrough;
  }

  /** Returns the consumers' actors (to tell them the group is gone). */
  List<ActorRef<ConsumerMessage>> consumerRefs() {
    return slots.refs();
  }

  /**
   * Joins or renews a consumer with its window and token budget (0: none); returns true when it is
   * new (or a new actor took its id).
   */
  boolean subscribe(
      String id,
      ActorRef<ConsumerMessage> ref,
      int window,
      double capacity,
      long tokenBudget,
      long now) {
    Slot slot = slots.find(id);
    if (slot == null) {
      slots.add(new Slot(id, ref, window, capacity, tokenBudget, now));
      return true;
    }
    boolean moved = !slot.ref.equals(ref);
    slot.ref = ref;
    slot.window = window;
    slot.capacity = capacity;
    slot.tokenBudget = tokenBudget;
    slot.lastSeenMillis = now;
    return moved;
  }

  /** Sets a consumer's share of a budget shared across partitions (-1: not shared). */
  void grant(String id, long tokenGrant) {
    slots.find(id).tokenGrant = tokenGrant;
  }

  /** Returns the cost a consumer on a shared budget was last told it lacks grant for (0: none). */
  long wanted(String id) {
    return slots.find(id).wanted;
  }

  /** Returns the consumers on a shared budget whose want changed at the last dispatch. */
  List<Slot> wantsChanged() {
    return slots.wantsChanged(blockedCost);
  }

  /** Removes a consumer; what it held is redelivered at once, counting as a failed attempt. */
  List<Long> remove(String id) {
    List<Long> dead = new ArrayList<>();
    Slot slot = slots.find(id);
    if (slot == null) {
      return dead;
    }
    slots.remove(slot);
    leases.removeHeldBy(slot, (offset, held) -> fail(offset, held, 0, 0, dead));
    return dead;
  }

  /** Removes every consumer whose actor is {@code ref}. */
  List<Long> removeRef(ActorRef<?> ref) {
    List<Long> dead = new ArrayList<>();
    for (Slot slot : slots.snapshot()) {
      if (slot.ref.equals(ref)) {
        dead.addAll(remove(slot.id));
      }
    }
    return dead;
  }

  /** Drops consumers not heard from since {@code cutoffMillis}. */
  List<Long> expireSilent(long cutoffMillis) {
    List<Long> dead = new ArrayList<>();
    for (Slot slot : slots.snapshot()) {
      if (slot.lastSeenMillis < cutoffMillis) {
        dead.addAll(remove(slot.id));
      }
    }
    return dead;
  }

  /** Sends ready messages to consumers with credit; returns each consumer's batch. */
  Map<Slot, List<Delivered>> dispatch(MessageBodies messages, long nowMillis, long nowNanos) {
    // Made on the first delivery: most calls (every publish, every ack) deliver nothing or little.
    Map<Slot, List<Delivered>> out = null;
    blockedCost = -1;
    while (started && !ready.isEmpty()) {
      long offset = ready.next(messages);
      if (offset < 0) {
        break; // the rest waits for the journal read that brings their bodies back
      }
      Message message = messages.message(offset);
      if (message == null) {
        ready.remove(offset); // settled or removed meanwhile
        continue;
      }
      MessageClass messageClass = ready.classOf(offset);
      slots.offer(MessageClass.costOf(messageClass));
      int chosen = strategy.choose(slots, message.key());
      if (chosen < 0) {
        blockedCost = MessageClass.costOf(messageClass);
        break; // nothing overtakes the next message, so a large request is not starved by small
        // ones
      }
      ready.take(offset);
      Slot slot = slots.get(chosen);
      int attempt = retries.nextAttempt(offset, recoveredThrough);
      if (attempt > 1) {
        redelivered++;
      }
      delivered++;
      deliveredThrough = Math.max(deliveredThrough, offset);
      leases.hold(offset, slot, attempt, nowMillis, nowNanos, messageClass);
      if (out == null) {
        out = new IdentityHashMap<>(4);
      }
      out.computeIfAbsent(slot, s -> new ArrayList<>())
          .add(new Delivered(message, offset, attempt));
    }
    return out == null ? Map.of() : out;
  }

  /**
   * Settles receipts; a receipt of an earlier attempt, an earlier start of the partition, another
   * group or topic incarnation, or not in flight, is rejected.
   */
  Outcome settle(
      List<Receipt> receipts,
      PartitionProtocol.SettleKind kind,
      long delayMillis,
      long nowMillis,
      long nowNanos) {
    List<Receipt> accepted = new ArrayList<>();
    List<Receipt> rejected = new ArrayList<>();
    List<Long> settled = new ArrayList<>();
    List<Long> dead = new ArrayList<>();
    for (Receipt receipt : receipts) {
      InFlight held = leases.get(receipt.offset());
      if (held == null
          || held.attempt() != receipt.attempt()
          || receipt.epoch() != epoch
          || receipt.binding() != binding) {
        rejected.add(receipt);
        continue;
      }
      accepted.add(receipt);
      if (kind == PartitionProtocol.SettleKind.RENEW) {
        leases.renew(receipt.offset(), held, nowMillis);
        continue;
      }
      if (kind == PartitionProtocol.SettleKind.DETACH) {
        leases.detach(receipt.offset(), held);
        continue;
      }
      leases.remove(receipt.offset());
      switch (kind) {
        case ACK -> {
          acked++;
          settled.add(receipt.offset());
          if (held.slot() != null) {
            measure(held.slot(), nowNanos - held.sentNanos());
          }
        }
        case NACK -> fail(receipt.offset(), held, delayMillis, nowMillis, dead);
        case RELEASE -> {
          // Never seen by a client: it was not delivered, and will not count as redelivered.
          delivered--;
          if (held.attempt() > 1) {
            redelivered--;
            retries.failed(receipt.offset(), held.attempt() - 1);
          }
          ready.add(receipt.offset(), held.messageClass());
        }
        default -> throw new IllegalStateException("unhandled " + kind);
      }
    }
    return new Outcome(accepted, rejected, settled, dead);
  }

  /** Redelivers what passed its lease and what a delayed nack held back; returns dead letters. */
  List<Long> tick(long nowMillis) {
    List<Long> dead = new ArrayList<>();
    leases.expire(nowMillis, (offset, held) -> fail(offset, held, 0, nowMillis, dead));
    retries.releaseDue(nowMillis, ready);
    return dead;
  }

  /**
   * Takes {@code offset} out of line when it waits there (in flight or delayed: not); true if it
   * did.
   */
  boolean unqueue(long offset) {
    return ready.remove(offset);
  }

  /** Forgets offsets the group no longer needs (settled, or removed from the partition). */
  void forget(Iterable<Long> offsets) {
    for (Long offset : offsets) {
      ready.remove(offset);
      leases.remove(offset);
    }
    retries.forget(offsets);
  }

  /** Counts a dead letter that the dead-letter topic has stored. */
  void countDeadLetters(int count) {
    deadLettered += count;
  }

  /** Puts dead letters that could not be stored back in line, on their last attempt. */
  void retry(List<Long> offsets, MessageBodies classes) {
    offsets.forEach(offset -> retries.failed(offset, maxAttempts - 1));
    offsets.forEach(offset -> ready.add(offset, classes.classOf(offset)));
  }

  private void fail(long offset, InFlight held, long delayMillis, long nowMillis, List<Long> dead) {
    if (held.attempt() >= maxAttempts) {
      dead.add(offset);
      return;
    }
    retries.failed(offset, held.attempt());
    if (delayMillis > 0) {
      retries.delay(offset, Deadlines.after(nowMillis, delayMillis), held.messageClass());
    } else {
      ready.add(offset, held.messageClass());
    }
  }

  private static void measure(Slot slot, long nanos) {
    // Exponentially weighted: recent service times count most, as GPU load shifts.
    slot.serviceNanos = slot.serviceNanos == 0 ? nanos : 0.8 * slot.serviceNanos + 0.2 * nanos;
  }

  /**
   * Returns the group's counts on this partition (delivered, acked, redelivered, dead-lettered
   * ...).
   */
  TopicStats.GroupStats stats() {
    return new TopicStats.GroupStats(
        group, backlog(), leases.size(), slots.size(), delivered, acked, redelivered, deadLettered);
  }

  /** Returns each consumer's window, holdings and measured service time on this partition. */
  List<TopicStats.ConsumerStats> consumerStats() {
    return slots.stats(group);
  }

  /** Returns whether {@code offset} waits in this group's backlog (not in flight, not settled). */
  boolean waiting(long offset) {
    return !leases.holds(offset);
  }

  int consumers() {
    return slots.size();
  }

  /**
   * Returns whether a consumer has credit but the next message to send is paged out: deliveries it
   * holds unacked may fill the window, so the partition must read on (see PageReader).
   */
  boolean waitsForPagedOut(MessageBodies messages) {
    if (!started || ready.isEmpty() || ready.next(messages) >= 0) {
      return false;
    }
    for (int i = 0; i < slots.size(); i++) {
      if (slots.messageCredit(i) > 0) {
        return true;
      }
    }
    return false;
  }

  long backlog() {
    return ready.size() + retries.delayedCount();
  }

  long inFlightCount() {
    return leases.size();
  }

  /** Returns this partition's view of its consumers, for the group's balancer. */
  List<ConsumerGroupBalancer.ConsumerLoad> loads() {
    return slots.loads();
  }

  /**
   * Takes the group's totals, sent in reply to {@code reported} (see {@link
   * ConsumerSlots#groupLoad}).
   */
  void groupLoad(
      ConsumerGroupBalancer.GroupLoad load, List<ConsumerGroupBalancer.ConsumerLoad> reported) {
    slots.groupLoad(load, reported);
  }
}
