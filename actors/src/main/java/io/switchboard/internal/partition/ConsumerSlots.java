package io.switchboard.internal.partition;

import io.switchboard.balance.Candidates;
import io.switchboard.internal.group.ConsumerGroupBalancer.ConsumerLoad;
import io.switchboard.internal.group.ConsumerGroupBalancer.GroupLoad;
import io.switchboard.internal.protocol.PartitionProtocol;
import io.switchboard.internal.protocol.PartitionProtocol.ConsumerMessage;
import io.switchboard.topic.TopicStats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * One group's consumers as one partition knows them, in the order they joined: what a balancing
 * strategy chooses among, and the load this partition reports to the group.
 */
final class ConsumerSlots implements Candidates {

  /** A consumer of the group as this partition knows it. */
  static final class Slot {
    final String id;
    ActorRef<ConsumerMessage> ref;
    int window;
    double capacity;
    int outstanding;

    /** The most cost it holds from this partition (0: no budget, only the window counts). */
    long tokenBudget;

    /** The cost of the deliveries it holds from this partition. */
    long outstandingTokens;

    /** Its share of a budget shared by the topic's partitions (-1: the budget is this one's). */
    long tokenGrant = -1;

    /** The cost it was last told it lacks grant for ({@link PartitionProtocol.Tokens}; 0: none). */
    long wanted;

    double serviceNanos;
    long lastSeenMillis;

    /** What the consumer holds from other partitions, at the group balancer's last answer. */
    int outstandingElsewhere;

    /** The consumer's service time as the whole group measured it (0: unknown). */
    double groupServiceNanos;

    Slot(
        String id,
        ActorRef<ConsumerMessage> ref,
        int window,
        double capacity,
        long tokenBudget,
        long now) {
      this.id = id;
      this.ref = ref;
      this.window = window;
      this.capacity = capacity;
      this.tokenBudget = tokenBudget;
      this.lastSeenMillis = now;
    }
  }

  private final List<Slot> slots = new ArrayList<>();
  private long membershipVersion;

  /**
   * The cost of the message being placed: a consumer whose budget it would pass has no credit for
   * it.
   */
  private long offered;

  /** Returns the consumer with this id, or null. */
  Slot find(String id) {
    for (Slot slot : slots) {
      if (slot.id.equals(id)) {
        return slot;
      }
    }
    return null;
  }

  void add(Slot slot) {
    slots.add(slot);
    membershipVersion++;
  }

  void remove(Slot slot) {
    slots.remove(slot);
    membershipVersion++;
  }

  Slot get(int index) {
    return slots.get(index);
  }

  /** Returns each consumer's window, holdings and measured service time, as {@code group}'s. */
  List<TopicStats.ConsumerStats> stats(String group) {
    List<TopicStats.ConsumerStats> out = new ArrayList<>();
    for (Slot slot : slots) {
      out.add(
          new TopicStats.ConsumerStats(
              group,
              slot.id,
              slot.window,
              slot.outstanding,
              slot.tokenGrant >= 0 ? slot.tokenGrant : slot.tokenBudget, // a share sums to it
              slot.outstandingTokens,
              slot.serviceNanos / 1e6));
    }
    return out;
  }

  /** Returns a copy of the consumers (safe to remove from while iterating it). */
  List<Slot> snapshot() {
    return List.copyOf(slots);
  }

  /** Returns the consumers' actors, each once. */
  List<ActorRef<ConsumerMessage>> refs() {
    return slots.stream().map(slot -> slot.ref).distinct().toList();
  }

  /** Returns this partition's view of its consumers, for the group's balancer. */
  List<ConsumerLoad> loads() {
    List<ConsumerLoad> loads = new ArrayList<>(slots.size());
    for (Slot slot : slots) {
      loads.add(new ConsumerLoad(slot.id, slot.outstanding, slot.capacity, slot.serviceNanos));
    }
    return loads;
  }

  /**
   * Takes the group's totals (sent in reply to {@code reported}): what each consumer holds from
   * other partitions, and its service time measured everywhere.
   */
  void groupLoad(GroupLoad load, List<ConsumerLoad> reported) {
    Map<String, Integer> mine = new HashMap<>();
    reported.forEach(l -> mine.put(l.consumerId(), l.outstanding()));
    Map<String, ConsumerLoad> totals = new HashMap<>();
    load.consumers().forEach(total -> totals.put(total.consumerId(), total));
    for (Slot slot : slots) {
      ConsumerLoad total = totals.get(slot.id);
      slot.outstandingElsewhere =
          total == null ? 0 : Math.max(0, total.outstanding() - mine.getOrDefault(slot.id, 0));
      slot.groupServiceNanos = total == null ? 0 : total.serviceNanos();
    }
  }

  @Override
  public int size() {
    return slots.size();
  }

  @Override
  public String id(int index) {
    return slots.get(index).id;
  }

  /** Sets the cost of the message the strategy is about to place (see {@link #credit}). */
  void offer(long cost) {
    offered = cost;
  }

  /** Returns how many more deliveries the consumer's window takes, whatever their cost. */
  int messageCredit(int index) {
    Slot slot = slots.get(index);
    return Math.max(0, slot.window - slot.outstanding);
  }

  /**
   * Returns the window's credit, or 0 when the offered message would take the consumer past its
   * token budget; a consumer that holds nothing takes any one message, so that a request larger
   * than a whole budget still runs (alone).
   */
  @Override
  public int credit(int index) {
    Slot slot = slots.get(index);
    int credit = messageCredit(index);
    return credit > 0 && shortOfTokens(slot, offered) ? 0 : credit;
  }

  /** Returns whether a message of {@code cost} would take the consumer past its budget or grant. */
  private static boolean shortOfTokens(Slot slot, long cost) {
    if (slot.tokenBudget <= 0) {
      return false;
    }
    if (slot.tokenGrant < 0) {
      return slot.outstanding > 0 && slot.outstandingTokens + cost > slot.tokenBudget;
    }
    // A consumer grants one partition its whole budget only while it holds nothing elsewhere: the
    // one-message exception then holds across partitions too.
    boolean alone = slot.outstanding == 0 && slot.tokenGrant >= slot.tokenBudget;
    return !alone && slot.outstandingTokens + cost > slot.tokenGrant;
  }

  /**
   * Returns the consumers on a shared budget whose want changed, each with its new {@code wanted}:
   * the cost of the message that fits no consumer ({@code blocked}; -1: none waits) when it has
   * credit and only its grant keeps the message out, else 0.
   */
  List<Slot> wantsChanged(long blocked) {
    List<Slot> changed = List.of();
    for (int i = 0; i < slots.size(); i++) {
      Slot slot = slots.get(i);
      if (slot.tokenGrant < 0) {
        continue;
      }
      long want = blocked > 0 && messageCredit(i) > 0 && shortOfTokens(slot, blocked) ? blocked : 0;
      if (want != slot.wanted) {
        slot.wanted = want;
        if (changed.isEmpty()) {
          changed = new ArrayList<>(2);
        }
        changed.add(slot);
      }
    }
    return changed;
  }

  @Override
  public int outstanding(int index) {
    Slot slot = slots.get(index);
    return slot.outstanding + slot.outstandingElsewhere;
  }

  /** Counts what it holds elsewhere as one token each: partitions report messages, not costs. */
  @Override
  public long outstandingTokens(int index) {
    Slot slot = slots.get(index);
    return slot.outstandingTokens + slot.outstandingElsewhere;
  }

  @Override
  public double capacity(int index) {
    return slots.get(index).capacity;
  }

  @Override
  public double serviceTimeNanos(int index) {
    Slot slot = slots.get(index);
    return slot.serviceNanos > 0 ? slot.serviceNanos : slot.groupServiceNanos;
  }

  @Override
  public long membershipVersion() {
    return membershipVersion;
  }
}
