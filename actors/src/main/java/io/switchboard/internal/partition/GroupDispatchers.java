package io.switchboard.internal.partition;

import io.switchboard.ErrorCode;
import io.switchboard.balance.BalancingStrategy;
import io.switchboard.consumer.Receipt;
import io.switchboard.internal.partition.ConsumerSlots.Slot;
import io.switchboard.internal.protocol.PartitionProtocol.Delivered;
import io.switchboard.internal.protocol.PartitionProtocol.Deliveries;
import io.switchboard.internal.protocol.PartitionProtocol.Gone;
import io.switchboard.internal.protocol.PartitionProtocol.Tokens;
import io.switchboard.priority.PrioritySettings;
import io.switchboard.routing.StableHash;
import io.switchboard.topic.TopicConfig;
import io.switchboard.topic.TopicStats;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dispatchers of a partition's groups, by group: starting them from the state, sending their
 * deliveries in frames that fit between nodes, and the delivery marks they owe the journal.
 */
final class GroupDispatchers {
  private final PartitionId id;
  private final TopicConfig config;
  private final long maxBatchBytes;
  private final PrioritySettings priority;
  private final Map<String, GroupDispatcher> byGroup = new LinkedHashMap<>();

  GroupDispatchers(
      PartitionId id, TopicConfig config, long maxBatchBytes, PrioritySettings priority) {
    this.id = id;
    this.config = config;
    this.maxBatchBytes = maxBatchBytes;
    this.priority = priority;
  }

  /** Returns a group's dispatcher, or null. */
  GroupDispatcher get(String group) {
    return byGroup.get(group);
  }

  boolean contains(String group) {
    return byGroup.containsKey(group);
  }

  Collection<GroupDispatcher> all() {
    return byGroup.values();
  }

  void clear() {
    byGroup.clear();
  }

  GroupDispatcher remove(String group) {
    return byGroup.remove(group);
  }

  /** Starts handing out a group's stored messages (the group is in the state already). */
  void add(String group, PartitionState state, boolean started) {
    GroupLog log = state.groups().get(group);
    BalancingStrategy strategy =
        log.config().balancing().newStrategy(StableHash.of(id.entityId() + "/" + group));
    GroupDispatcher dispatcher =
        new GroupDispatcher(
            group,
            Receipt.binding(id.topic(), id.incarnation(), group),
            strategy,
            config.maxAttempts(),
            config.ackLease().toMillis(),
            priority);
    dispatcher.recover(log.pending(), log.deliveredThrough(), state.classes());
    if (started) {
      dispatcher.start(state.epoch());
    }
    byGroup.put(group, dispatcher);
  }

  /**
   * Queues offsets {@code first .. first+count-1}, just written, for the groups that wait for them.
   */
  void queueNew(PartitionState state, long first, int count) {
    if (count == 0) return;
    for (Map.Entry<String, GroupDispatcher> entry : byGroup.entrySet()) {
      GroupLog log = state.groups().get(entry.getKey());
      if (log != null) entry.getValue().enqueue(log.pending(), first, first + count, state);
    }
  }

  /** Sends what one group's consumers have credit for. */
  void send(GroupDispatcher dispatcher, PartitionState state, Moment now) {
    var batches = dispatcher.dispatch(state, now.millis(), now.nanos());
    batches.forEach(
        (slot, items) -> {
          for (List<Delivered> chunk :
              Chunks.byPayload(items, d -> d.message().payloadSize(), maxBatchBytes)) {
            slot.ref.tell(
                new Deliveries(
                    id.topic(),
                    id.partition(),
                    dispatcher.group(),
                    state.epoch(),
                    dispatcher.binding(),
                    chunk));
          }
        });
    for (Slot slot : dispatcher.wantsChanged()) {
      slot.ref.tell(
          new Tokens(id.topic(), id.partition(), dispatcher.group(), slot.tokenGrant, slot.wanted));
    }
  }

  /** Returns a mark for each group that delivered past what its journal says. */
  List<PartitionEvent> deliveryMarks(PartitionState state) {
    List<PartitionEvent> marks = new ArrayList<>();
    byGroup.forEach(
        (group, dispatcher) -> {
          if (unmarked(state, group, dispatcher)) {
            marks.add(new PartitionEvent.DeliveredThrough(group, dispatcher.deliveredThrough()));
          }
        });
    return marks;
  }

  /** Returns whether some group delivered past what its journal says. */
  boolean anyUnmarked(PartitionState state) {
    for (Map.Entry<String, GroupDispatcher> entry : byGroup.entrySet()) {
      if (unmarked(state, entry.getKey(), entry.getValue())) {
        return true;
      }
    }
    return false;
  }

  private static boolean unmarked(PartitionState state, String group, GroupDispatcher dispatcher) {
    GroupLog log = state.groups().get(group);
    return log != null && dispatcher.deliveredThrough() > log.deliveredThrough();
  }

  /** Returns whether no group has a consumer or a delivery in flight. */
  boolean idle() {
    return byGroup.values().stream().allMatch(d -> d.consumers() == 0 && d.inFlightCount() == 0);
  }

  /** Tells every consumer of a group that it is gone. */
  void tellGone(GroupDispatcher dispatcher, ErrorCode code, String reason) {
    dispatcher
        .consumerRefs()
        .forEach(
            ref ->
                ref.tell(
                    new Gone(id.topic(), id.partition(), dispatcher.group(), code.name(), reason)));
  }

  /**
   * Returns the partition's numbers; {@code node} runs it, {@code writes} counts its journal
   * writes.
   */
  TopicStats.PartitionStats stats(PartitionState state, String node, JournalWrites writes) {
    List<TopicStats.GroupStats> groups = new ArrayList<>();
    List<TopicStats.ConsumerStats> consumers = new ArrayList<>();
    byGroup
        .values()
        .forEach(
            d -> {
              groups.add(d.stats());
              consumers.addAll(d.consumerStats());
            });
    return new TopicStats.PartitionStats(
        id.partition(),
        state.nextOffset(),
        state.storedCount(),
        groups,
        node,
        writes.writes(),
        writes.events(),
        consumers);
  }

  /**
   * Returns up to {@code limit} offsets of a group's backlog, oldest first: stored for the group
   * and not in flight. Empty when the partition has no such group.
   */
  List<Long> backlog(String group, PartitionState state, int limit) {
    GroupDispatcher dispatcher = byGroup.get(group);
    GroupLog log = state.groups().get(group);
    List<Long> offsets = new ArrayList<>();
    if (dispatcher == null || log == null) {
      return offsets;
    }
    OffsetSet pending = log.pending();
    for (long o = pending.first(); o >= 0 && offsets.size() < limit; o = pending.next(o + 1)) {
      if (dispatcher.waiting(o)) {
        offsets.add(o);
      }
    }
    return offsets;
  }
}
