package io.switchboard.partition;

import io.switchboard.ErrorCode;
import io.switchboard.balance.BalancingStrategy;
import io.switchboard.consumer.AckResult;
import io.switchboard.consumer.ConsumerGroupBalancer;
import io.switchboard.consumer.Receipt;
import io.switchboard.message.Message;
import io.switchboard.partition.PartitionProtocol.*;
import io.switchboard.routing.StableHash;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import io.switchboard.topic.TopicEntry;
import io.switchboard.topic.TopicStats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * A partition's logic, shared by the durable and the transient partition: group commit of
 * publishes and acks, backlog limit, idempotency, and the groups' dispatchers.
 */
final class PartitionCore {
  /** Sent to self so that every command already in the mailbox joins the next write. */
  enum Flush implements Command { INSTANCE }

  enum Tick implements Command { INSTANCE }

  record ConsumerTerminated(ActorRef<?> consumer) implements Command {}

  record DeadLettersStored(String group, List<Long> offsets, boolean stored) implements Command {}

  private record GroupLoadReceived(String group, ConsumerGroupBalancer.GroupLoad load,
      List<ConsumerGroupBalancer.ConsumerLoad> reported) implements Command {}

  /** Adds groups the registry has but this partition missed (it was down when they came). */
  private record EnsureGroups(Map<String, GroupConfig> groups) implements Command {}

  private final PartitionId id;
  private final TopicConfig config;
  private final PartitionSettings settings;
  private final ActorContext<Command> context;
  private final DeadLetterSender deadLetterSender;
  private final Map<String, GroupDispatcher> dispatchers = new LinkedHashMap<>();
  private final PublishBuffer publishes;
  private final Map<String, List<Long>> pendingAcks = new HashMap<>();
  private final Map<String, List<Long>> pendingDead = new HashMap<>();
  private final List<Runnable> afterNextWrite = new ArrayList<>();
  /** Joins that wait for this start's epoch to be written (deliveries come before Joined). */
  private final List<Subscribe> pendingJoins = new ArrayList<>();
  private final Set<ActorRef<?>> watched = new HashSet<>();
  private PartitionState state;
  private static final long TRIM_CHECK_MILLIS = 1000;
  /** Delivery marks are written at most this often (riding on a write when there is one). */
  private static final long MARK_MILLIS = 1000;
  private boolean flushScheduled;
  /** Whether this start's epoch is written (nothing is delivered before), or asked for. */
  private boolean started;
  private boolean startWanted;
  private long lastMarkMillis;
  private long lastTrimCheck;
  private long lastLoadReport;
  private long lastActivity = System.currentTimeMillis();
  private Runnable passivate;

  private final Map<String, GroupConfig> registeredGroups;

  PartitionCore(PartitionId id, TopicEntry topic, PartitionSettings settings,
      ActorContext<Command> context, DeadLetterRoute deadLetters) {
    this.id = id;
    this.config = topic.config();
    this.registeredGroups = topic.groups();
    this.publishes = new PublishBuffer(id);
    this.settings = settings;
    this.context = context;
    this.deadLetterSender = new DeadLetterSender(id, config.maxAttempts(), deadLetters, context);
  }

  long windowMillis() {
    return config.idempotencyWindow().toMillis();
  }

  /** Takes the recovered state and queues every unsettled message for delivery. */
  void recovered(PartitionState recovered) {
    state = recovered;
    dispatchers.clear();
    recovered.groups().keySet().forEach(this::startDispatcher);
    if (!recovered.groups().keySet().containsAll(registeredGroups.keySet())) {
      context.getSelf().tell(new EnsureGroups(registeredGroups));
    }
  }

  /** Answers the publishes of a write the journal lost (the partition restarts from its journal). */
  void writeLost(ErrorCode code, String why) {
    publishes.failAll(code.name(), why);
  }

  /** Asks sharding to stop this partition once it has been idle for passivate-after. */
  void onIdle(Runnable passivate) {
    this.passivate = passivate;
  }

  Write handle(PartitionState current, Command command) {
    state = current;
    // Reading stats (the metrics poll) is not use: it must not keep an idle partition running.
    if (command != Tick.INSTANCE && !(command instanceof GetStats)) {
      lastActivity = System.currentTimeMillis();
    }
    if (command instanceof Publish c) return onPublish(c);
    if (command == Flush.INSTANCE) return onFlush();
    if (command instanceof Settle c) return onSettle(c);
    if (command instanceof Subscribe c) return onSubscribe(c);
    if (command instanceof Unsubscribe c) return onUnsubscribe(c);
    if (command == Tick.INSTANCE) return onTick();
    if (command instanceof ConsumerTerminated c) return onConsumerTerminated(c);
    if (command instanceof DeadLettersStored c) return onDeadLettersStored(c);
    if (command instanceof AddGroup c) return onAddGroup(c);
    if (command instanceof RemoveGroup c) return onRemoveGroup(c);
    if (command instanceof GetStats c) return Write.then(() -> c.replyTo().tell(stats()));
    if (command instanceof Browse c) return Write.then(() -> c.replyTo().tell(state.browse(c.limit())));
    if (command instanceof Remove c) return onRemove(c);
    if (command instanceof EnsureGroups c) return onEnsureGroups(c);
    if (command == TopicDeleted.INSTANCE) return onTopicDeleted();
    if (command instanceof GroupLoadReceived c) return onGroupLoad(c);
    return Write.NONE;
  }

  private Write onPublish(Publish publish) {
    int incoming = publish.messages().size();
    if (state.storedCount() + publishes.size() + incoming > config.backlogLimit()) {
      long retry = settings.overloadedRetryAfter().toMillis();
      return Write.then(() -> publish.replyTo().tell(new PublishReply(null,
          ErrorCode.OVERLOADED.name(), "partition " + id.partition() + " of topic '" + id.topic()
              + "' holds " + state.storedCount() + " messages, its backlog limit is "
              + config.backlogLimit(), retry)));
    }
    if (publishes.add(publish, state, System.currentTimeMillis(), windowMillis())) {
      scheduleFlush();
    }
    return Write.NONE;
  }

  private Write onFlush() {
    flushScheduled = false;
    List<PartitionEvent> events = new ArrayList<>();
    List<PublishBuffer.Pending> batch = publishes.takeBatch(settings.maxBatchMessages(), settings.maxBatchBytes());
    long first = state.nextOffset();
    List<Message> messages = PublishBuffer.messages(batch);
    if (!messages.isEmpty()) {
      events.add(new PartitionEvent.Enqueued(first, messages, System.currentTimeMillis()));
    }
    settledEvents(pendingAcks, false, events);
    settledEvents(pendingDead, true, events);
    long now = System.currentTimeMillis();
    if (now - lastMarkMillis >= MARK_MILLIS) {
      List<PartitionEvent> marks = deliveryMarks(state);
      if (!marks.isEmpty()) {
        events.addAll(marks);
        lastMarkMillis = now;
      }
    }
    int epoch = state.epoch() + 1;
    boolean starting = startWanted && !started;
    if (starting) {
      events.add(new PartitionEvent.Started(epoch));
    }
    List<Runnable> after = new ArrayList<>(afterNextWrite);
    afterNextWrite.clear();
    if (!publishes.isEmpty()) {
      scheduleFlush();
    }
    return new Write(events, () -> {
      if (starting) {
        started = true;
        dispatchers.values().forEach(d -> d.start(epoch));
      }
      publishes.confirm(batch, first, state);
      after.forEach(Runnable::run);
      queueNew(first, messages.size());
      dispatchAll();
      if (starting) {
        pendingJoins.forEach(join -> join.consumer().tell(new Joined(id.topic(), id.partition(), join.group())));
        pendingJoins.clear();
      }
    });
  }

  private void settledEvents(Map<String, List<Long>> byGroup, boolean dead, List<PartitionEvent> events) {
    byGroup.forEach((group, offsets) -> events.add(new PartitionEvent.Settled(
        group, offsets.stream().mapToLong(Long::longValue).toArray(), dead)));
    byGroup.clear();
  }

  /** Returns a mark for each group that delivered past what its journal says. */
  List<PartitionEvent> deliveryMarks(PartitionState current) {
    List<PartitionEvent> marks = new ArrayList<>();
    dispatchers.forEach((group, dispatcher) -> {
      PartitionState.GroupLog log = current.groups().get(group);
      if (log != null && dispatcher.deliveredThrough() > log.deliveredThrough()) {
        marks.add(new PartitionEvent.DeliveredThrough(group, dispatcher.deliveredThrough()));
      }
    });
    return marks;
  }

  private boolean unmarked() {
    for (Map.Entry<String, GroupDispatcher> entry : dispatchers.entrySet()) {
      PartitionState.GroupLog log = state.groups().get(entry.getKey());
      if (log != null && entry.getValue().deliveredThrough() > log.deliveredThrough()) {
        return true;
      }
    }
    return false;
  }

  private void queueNew(long first, int count) {
    if (count == 0) return;
    for (Map.Entry<String, GroupDispatcher> entry : dispatchers.entrySet()) {
      PartitionState.GroupLog log = state.groups().get(entry.getKey());
      List<Long> offsets = new ArrayList<>(count);
      for (long offset = first; offset < first + count; offset++) {
        if (log != null && log.pending().contains(offset)) offsets.add(offset);
      }
      entry.getValue().enqueue(offsets);
    }
  }

  private Write onSettle(Settle settle) {
    GroupDispatcher dispatcher = dispatchers.get(settle.group());
    if (dispatcher == null) {
      return reply(settle.replyTo(), new AckResult(List.of(), settle.receipts()));
    }
    long nowMillis = System.currentTimeMillis();
    GroupDispatcher.Outcome outcome = dispatcher.settle(
        settle.receipts(), settle.kind(), settle.delayMillis(), nowMillis, System.nanoTime());
    deadLetter(dispatcher, outcome.dead(), "nacked on its last attempt");
    AckResult result = new AckResult(outcome.accepted(), outcome.rejected());
    if (outcome.settled().isEmpty()) {
      dispatch(dispatcher);
      return reply(settle.replyTo(), result);
    }
    pendingAcks.computeIfAbsent(settle.group(), g -> new ArrayList<>()).addAll(outcome.settled());
    if (settle.replyTo() != null) {
      afterNextWrite.add(() -> settle.replyTo().tell(result));
    }
    scheduleFlush();
    dispatch(dispatcher);
    return Write.NONE;
  }

  private static Write reply(ActorRef<AckResult> replyTo, AckResult result) {
    return replyTo == null ? Write.NONE : Write.then(() -> replyTo.tell(result));
  }

  private Write onSubscribe(Subscribe subscribe) {
    GroupDispatcher dispatcher = dispatchers.get(subscribe.group());
    if (dispatcher == null) {
      // The group was deleted (or never was): the consumer ends instead of renewing forever.
      context.getLog().debug("{}: subscribe to unknown group '{}' refused", id, subscribe.group());
      subscribe.consumer().tell(new Gone(id.topic(), id.partition(), subscribe.group(),
          ErrorCode.UNKNOWN_GROUP.name(), "topic '" + id.topic() + "' has no group '" + subscribe.group() + "'"));
      return Write.NONE;
    }
    boolean joined = dispatcher.subscribe(subscribe.consumerId(), subscribe.consumer(), subscribe.window(),
        subscribe.capacity(), System.currentTimeMillis());
    if (watched.add(subscribe.consumer())) {
      context.watchWith(subscribe.consumer(), new ConsumerTerminated(subscribe.consumer()));
    }
    dispatch(dispatcher);
    if (joined && started) {
      // After the deliveries above: the consumer then holds all this partition had for it.
      subscribe.consumer().tell(new Joined(id.topic(), id.partition(), subscribe.group()));
    } else if (joined) {
      pendingJoins.add(subscribe);
    }
    return Write.NONE;
  }

  private Write onUnsubscribe(Unsubscribe unsubscribe) {
    GroupDispatcher dispatcher = dispatchers.get(unsubscribe.group());
    if (dispatcher != null) {
      deadLetter(dispatcher, dispatcher.remove(unsubscribe.consumerId()), "its consumer left");
      dispatch(dispatcher);
    }
    return unsubscribe.replyTo() == null
        ? Write.NONE
        : Write.then(() -> unsubscribe.replyTo().tell(Done.getInstance()));
  }

  private Write onConsumerTerminated(ConsumerTerminated terminated) {
    watched.remove(terminated.consumer());
    for (GroupDispatcher dispatcher : dispatchers.values()) {
      deadLetter(dispatcher, dispatcher.removeRef(terminated.consumer()), "its consumer stopped");
    }
    dispatchAll();
    return Write.NONE;
  }

  private Write onTick() {
    long now = System.currentTimeMillis();
    for (GroupDispatcher dispatcher : dispatchers.values()) {
      deadLetter(dispatcher, dispatcher.tick(now), "its ack lease expired on the last attempt");
      deadLetter(dispatcher, dispatcher.expireSilent(now - settings.heartbeatTimeout().toMillis()),
          "its consumer went silent");
    }
    dispatchAll();
    if (!flushScheduled && now - lastMarkMillis >= MARK_MILLIS && unmarked()) {
      scheduleFlush(); // marks ride on a write when there is one, else go alone: once a second at most
    }
    if (now - lastLoadReport >= settings.loadReportInterval().toMillis()) {
      lastLoadReport = now;
      reportLoad();
    }
    if (passivate != null && idle() && now - lastActivity > settings.passivateAfter().toMillis()) {
      passivate.run();
      passivate = null; // once: sharding answers with the stop message
    }
    return trimIfDue(now);
  }

  private Write trimIfDue(long now) {
    if (config.retention().isZero() || now - lastTrimCheck < TRIM_CHECK_MILLIS) {
      return Write.NONE;
    }
    lastTrimCheck = now;
    long cutoff = now - config.retention().toMillis();
    if (!state.hasTrimmable(cutoff)) {
      return Write.NONE;
    }
    return new Write(List.of(new PartitionEvent.Trimmed(cutoff)), Write.NOTHING);
  }

  /** Tells each group's balancer what this partition's consumers hold; the answer is the total. */
  private void reportLoad() {
    dispatchers.forEach((group, dispatcher) -> {
      if (dispatcher.consumers() == 0) {
        return;
      }
      List<ConsumerGroupBalancer.ConsumerLoad> loads = dispatcher.loads();
      var balancer = ClusterSharding.get(context.getSystem()).entityRefFor(
          ConsumerGroupBalancer.ENTITY_TYPE_KEY,
          ConsumerGroupBalancer.entityId(id.topic(), id.incarnation(), group));
      context.ask(ConsumerGroupBalancer.GroupLoad.class, balancer, settings.loadReportInterval(),
          replyTo -> new ConsumerGroupBalancer.LoadReport(id.partition(), loads, replyTo),
          (load, failure) -> new GroupLoadReceived(group, load, loads));
    });
  }

  private Write onGroupLoad(GroupLoadReceived received) {
    GroupDispatcher dispatcher = dispatchers.get(received.group());
    if (dispatcher != null && received.load() != null) {
      dispatcher.groupLoad(received.load(), received.reported());
    }
    return Write.NONE;
  }

  private Write onAddGroup(AddGroup add) {
    if (dispatchers.containsKey(add.group())) {
      return Write.then(() -> add.replyTo().tell(Done.getInstance()));
    }
    return new Write(List.of(new PartitionEvent.GroupAdded(add.group(), add.config())), () -> {
      startDispatcher(add.group());
      add.replyTo().tell(Done.getInstance());
    });
  }

  private Write onEnsureGroups(EnsureGroups ensure) {
    List<PartitionEvent> missing = new ArrayList<>();
    ensure.groups().forEach((group, groupConfig) -> {
      if (!dispatchers.containsKey(group)) {
        missing.add(new PartitionEvent.GroupAdded(group, groupConfig));
      }
    });
    return new Write(missing, () -> missing.forEach(event ->
        startDispatcher(((PartitionEvent.GroupAdded) event).group())));
  }

  private Write onRemoveGroup(RemoveGroup remove) {
    if (!dispatchers.containsKey(remove.group())) {
      return Write.then(() -> remove.replyTo().tell(Done.getInstance()));
    }
    return new Write(List.of(new PartitionEvent.GroupRemoved(remove.group())), () -> {
      GroupDispatcher removed = dispatchers.remove(remove.group());
      tellGone(removed, ErrorCode.UNKNOWN_GROUP,
          "group '" + remove.group() + "' of topic '" + id.topic() + "' was deleted");
      remove.replyTo().tell(Done.getInstance());
    });
  }

  /** Tells every consumer that the topic is gone; the partition stops next. */
  private Write onTopicDeleted() {
    dispatchers.values().forEach(d -> tellGone(d, ErrorCode.UNKNOWN_TOPIC,
        "topic '" + id.topic() + "' was deleted"));
    dispatchers.clear();
    return Write.NONE;
  }

  private void tellGone(GroupDispatcher dispatcher, ErrorCode code, String reason) {
    dispatcher.consumerRefs().forEach(ref ->
        ref.tell(new Gone(id.topic(), id.partition(), dispatcher.group(), code.name(), reason)));
  }

  private Write onRemove(Remove remove) {
    long[] offsets = remove.offsets().stream().mapToLong(Long::longValue).toArray();
    return new Write(List.of(new PartitionEvent.Removed(offsets)), () -> {
      dispatchers.values().forEach(d -> d.forget(remove.offsets()));
      remove.replyTo().tell(Done.getInstance());
    });
  }

  private Write onDeadLettersStored(DeadLettersStored stored) {
    GroupDispatcher dispatcher = dispatchers.get(stored.group());
    if (dispatcher == null) return Write.NONE;
    if (!stored.stored()) {
      dispatcher.retry(stored.offsets());
      dispatch(dispatcher);
      return Write.NONE;
    }
    dispatcher.countDeadLetters(stored.offsets().size());
    pendingDead.computeIfAbsent(stored.group(), g -> new ArrayList<>()).addAll(stored.offsets());
    scheduleFlush();
    return Write.NONE;
  }

  private void deadLetter(GroupDispatcher dispatcher, List<Long> offsets, String reason) {
    deadLetterSender.send(dispatcher.group(), offsets, reason, state::message);
  }

  private void scheduleFlush() {
    if (!flushScheduled) {
      flushScheduled = true;
      context.getSelf().tell(Flush.INSTANCE);
    }
  }

  private void dispatchAll() {
    dispatchers.values().forEach(this::dispatch);
  }

  private void dispatch(GroupDispatcher dispatcher) {
    if (!started) {
      if (dispatcher.consumers() > 0 && !startWanted) {
        startWanted = true; // the first delivery waits for this start's epoch to be written
        scheduleFlush();
      }
      return;
    }
    var batches = dispatcher.dispatch(state::message, System.currentTimeMillis(), System.nanoTime());
    batches.forEach((slot, items) -> {
      for (List<Delivered> chunk : Chunks.byPayload(items, d -> d.message().payloadSize(),
          settings.maxBatchBytes())) {
        slot.ref.tell(new Deliveries(id.topic(), id.partition(), dispatcher.group(), state.epoch(),
            dispatcher.binding(), chunk));
      }
    });
  }

  /** Starts handing out a group's stored messages (the group is in the state already). */
  private void startDispatcher(String group) {
    PartitionState.GroupLog log = state.groups().get(group);
    BalancingStrategy strategy =
        log.config().balancing().newStrategy(StableHash.of(id.entityId() + "/" + group));
    GroupDispatcher dispatcher = new GroupDispatcher(group,
        Receipt.binding(id.topic(), id.incarnation(), group), strategy, config.maxAttempts(),
        config.ackLease().toMillis());
    dispatcher.recover(log.pending(), log.deliveredThrough());
    if (started) {
      dispatcher.start(state.epoch());
    }
    dispatchers.put(group, dispatcher);
  }

  private boolean idle() {
    return publishes.isEmpty() && pendingAcks.isEmpty() && pendingDead.isEmpty() && dispatchers.values().stream()
        .allMatch(d -> d.consumers() == 0 && d.inFlightCount() == 0);
  }

  private TopicStats.PartitionStats stats() {
    List<TopicStats.GroupStats> groups = new ArrayList<>();
    dispatchers.values().forEach(d -> groups.add(d.stats()));
    return new TopicStats.PartitionStats(id.partition(), state.nextOffset(), state.storedCount(), groups);
  }
}
