package io.switchboard.internal.partition;

import io.switchboard.ErrorCode;
import io.switchboard.consumer.AckResult;
import io.switchboard.internal.protocol.PartitionProtocol.*;
import io.switchboard.internal.topic.TopicEntry;
import io.switchboard.message.Message;
import io.switchboard.message.Names;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A partition's logic, shared by the durable and the transient partition: group commit of publishes
 * and acks, backlog limit, idempotency, and the groups' dispatchers. Reads its clock once per
 * command and once per completed write; fails on a command it does not know.
 */
final class PartitionCore {
  /** Sent to self so that every command already in the mailbox joins the next write. */
  enum Flush implements Command {
    INSTANCE
  }

  enum Tick implements Command {
    INSTANCE
  }

  /** Sent to self when acks have waited ack-write-delay for a write to ride on. */
  enum WriteSettles implements Command {
    INSTANCE
  }

  record DeadLettersStored(String group, List<Long> offsets, boolean stored) implements Command {}

  /** Adds groups the registry has but this partition missed (it was down when they came). */
  record EnsureGroups(Map<String, GroupConfig> groups) implements Command {}

  /** Delivery marks are written at most this often (riding on a write when there is one). */
  private static final long MARK_MILLIS = 1000;

  private final PartitionId id;
  private final TopicConfig config;
  private final PartitionSettings settings;
  private final PartitionContext context;
  private final TimeSource clock;
  private final Map<String, GroupConfig> registeredGroups;
  private final CommandHandlers handlers;
  private final DeadLetterSender deadLetterSender;
  private final GroupDispatchers dispatchers;
  private final PublishBuffer publishes;
  private final SettleBuffer settles = new SettleBuffer();
  private final LoadReporter loadReporter;
  private final Retention retention;
  private final IdleTimer idleTimer;
  private final ConsumerMembership membership;
  private final PageReader pages;
  private final QueuedDeadlines deadlines;
  private final JournalWrites journalWrites;
  private final WriteTimer writes;
  private PartitionState state;

  /** Whether this start's epoch is written (nothing is delivered before), or asked for. */
  private boolean started;

  private boolean startWanted;
  private long lastMarkMillis;

  PartitionCore(
      PartitionId id,
      TopicEntry topic,
      PartitionSettings settings,
      PartitionContext context,
      DeadLetterRoute deadLetters,
      TimeSource clock) {
    this.id = id;
    this.config = topic.config();
    this.registeredGroups = topic.groups();
    this.settings = settings;
    this.context = context;
    this.clock = clock;
    this.deadLetterSender =
        new DeadLetterSender(id, config.maxAttempts(), deadLetters, context, settings.askTimeout());
    this.dispatchers =
        new GroupDispatchers(id, config, settings.maxBatchBytes(), settings.priority());
    this.publishes = new PublishBuffer(id);
    this.loadReporter = new LoadReporter(id, context, settings.loadReportInterval());
    this.retention = new Retention(config.retention().toMillis());
    this.idleTimer = new IdleTimer(settings.passivateAfter().toMillis(), clock.millis());
    this.membership = new ConsumerMembership(this, context);
    this.pages = new PageReader(context, settings.memoryBudget());
    this.handlers = CommandHandlers.of(this, membership);
    this.deadlines = new QueuedDeadlines(!Names.isDeadLetterTopic(id.topic()));
    this.journalWrites = new JournalWrites(config.durable());
    this.writes = new WriteTimer(context, settings.ackWriteDelay());
  }

  /** Takes the recovered state and queues every unsettled message for delivery. */
  void recovered(PartitionState recovered) {
    state = recovered;
    dispatchers.clear();
    recovered.groups().keySet().forEach(group -> dispatchers.add(group, state, started));
    deadlines.clear();
    recovered.stored().forEach(offset -> deadlines.track(offset, recovered.message(offset)));
    if (!recovered.groups().keySet().containsAll(registeredGroups.keySet())) {
      context.tellSelf(new EnsureGroups(registeredGroups));
    }
  }

  /**
   * Answers the publishes of a write the journal lost (the partition restarts from its journal).
   */
  void writeLost(ErrorCode code, String why) {
    publishes.failAll(code.name(), why);
  }

  /** Asks sharding to stop this partition once it has been idle for passivate-after. */
  void onIdle(Runnable passivate) {
    idleTimer.onIdle(passivate);
  }

  /** Handles one command; throws IllegalStateException for a command no handler knows. */
  Write handle(PartitionState current, Command command) {
    state = current;
    Moment now = Moment.of(clock);
    // Reading stats (the metrics poll) is not use: it must not keep an idle partition running.
    if (command != Tick.INSTANCE && !(command instanceof GetStats)) {
      idleTimer.touch(now.millis());
    }
    Write write = handlers.handle(command, now);
    journalWrites.count(write);
    return write;
  }

  /**
   * Returns the last write before the partition stops: the acks still waiting for a write, and a
   * mark for each group that delivered past what its journal says.
   */
  Write closingWrite(PartitionState current) {
    state = current;
    List<PartitionEvent> events = new ArrayList<>();
    List<Runnable> after = settles.drainInto(events);
    events.addAll(dispatchers.deliveryMarks(current));
    return new Write(events, () -> after.forEach(Runnable::run));
  }

  Write onPublish(Publish publish, Moment now) {
    int incoming = publish.messages().size();
    if (state.storedCount() + publishes.size() + incoming > config.backlogLimit()) {
      PublishReply refused =
          PublishBuffer.overloaded(
              id,
              state.storedCount(),
              config.backlogLimit(),
              settings.overloadedRetryAfter().toMillis());
      return Write.then(() -> publish.replyTo().tell(refused));
    }
    if (publishes.add(publish, state, now.millis(), config.idempotencyWindow().toMillis())) {
      scheduleFlush();
    }
    return Write.NONE;
  }

  Write onFlush(Moment now) {
    writes.flushTaken();
    List<PartitionEvent> events = new ArrayList<>();
    List<PublishBuffer.Pending> batch =
        publishes.takeBatch(settings.maxBatchMessages(), settings.maxBatchBytes());
    long first = state.nextOffset();
    List<Message> messages = PublishBuffer.messages(batch);
    if (!messages.isEmpty()) {
      events.add(new PartitionEvent.Enqueued(first, messages, now.millis()));
    }
    List<Runnable> after = settles.drainInto(events);
    if (now.millis() - lastMarkMillis >= MARK_MILLIS) {
      List<PartitionEvent> marks = dispatchers.deliveryMarks(state);
      if (!marks.isEmpty()) {
        events.addAll(marks);
        lastMarkMillis = now.millis();
      }
    }
    int epoch = state.epoch() + 1;
    boolean starting = startWanted && !started;
    if (starting) {
      events.add(new PartitionEvent.Started(epoch));
    }
    if (!publishes.isEmpty()) {
      scheduleFlush();
    }
    return new Write(events, () -> written(starting, epoch, batch, first, messages.size(), after));
  }

  /** Runs once a flush's write is durable: confirms, replies, first deliveries. */
  private void written(
      boolean starting,
      int epoch,
      List<PublishBuffer.Pending> batch,
      long first,
      int stored,
      List<Runnable> after) {
    if (starting) {
      started = true;
      dispatchers.all().forEach(d -> d.start(epoch));
    }
    publishes.confirm(batch, first, state);
    after.forEach(Runnable::run);
    dispatchers.queueNew(state, first, stored);
    deadlines.trackAll(state, first, stored);
    dispatchAll(Moment.of(clock)); // the write took time: leases start now
    if (starting) {
      membership.started();
    }
  }

  Write onSettle(Settle settle, Moment now) {
    GroupDispatcher dispatcher = dispatchers.get(settle.group());
    if (dispatcher == null) {
      return reply(settle.replyTo(), new AckResult(List.of(), settle.receipts()));
    }
    GroupDispatcher.Outcome outcome =
        dispatcher.settle(
            settle.receipts(), settle.kind(), settle.delayMillis(), now.millis(), now.nanos());
    deadLetter(dispatcher, outcome.dead(), "nacked on its last attempt", now);
    AckResult result = new AckResult(outcome.accepted(), outcome.rejected());
    if (outcome.settled().isEmpty()) {
      dispatch(dispatcher, now);
      return reply(settle.replyTo(), result);
    }
    if (settle.replyTo() == null) {
      settles.ack(settle.group(), outcome.settled(), null);
      writes.settlesSoon();
    } else {
      settles.ack(settle.group(), outcome.settled(), () -> settle.replyTo().tell(result));
      scheduleFlush(); // someone waits for the answer
    }
    dispatch(dispatcher, now);
    return Write.NONE;
  }

  Write onWriteSettles() {
    writes.settleTimerFired();
    if (!settles.isEmpty()) {
      scheduleFlush();
    }
    return Write.NONE;
  }

  private static Write reply(ActorRef<AckResult> replyTo, AckResult result) {
    return replyTo == null ? Write.NONE : Write.then(() -> replyTo.tell(result));
  }

  Write onTick(Moment now) {
    long millis = now.millis();
    for (GroupDispatcher dispatcher : dispatchers.all()) {
      deadLetter(
          dispatcher, dispatcher.tick(millis), "its ack lease expired on the last attempt", now);
      deadLetter(
          dispatcher,
          dispatcher.expireSilent(millis - settings.heartbeatTimeout().toMillis()),
          "its consumer went silent",
          now);
    }
    expireQueued(now);
    dispatchAll(now);
    if (!writes.flushScheduled()
        && millis - lastMarkMillis >= MARK_MILLIS
        && dispatchers.anyUnmarked(state)) {
      // marks ride on a write when there is one, else go alone: once a second at most
      scheduleFlush();
    }
    loadReporter.reportIfDue(millis, dispatchers);
    idleTimer.check(millis, idle());
    return retention.trimIfDue(millis, state);
  }

  Write onGroupLoad(LoadReporter.Received received) {
    loadReporter.received(received, dispatchers);
    return Write.NONE;
  }

  Write onStats(GetStats get) {
    return Write.then(
        () -> get.replyTo().tell(dispatchers.stats(state, context.node(), journalWrites)));
  }

  Write onBrowse(Browse browse) {
    List<Long> offsets =
        browse.group() == null
            ? state.storedOffsets(browse.limit())
            : dispatchers.backlog(browse.group(), state, browse.limit());
    pages.browse(browse, offsets, state);
    return Write.NONE;
  }

  Write onReplayed(PageReader.Replayed replayed) {
    pages.onReplayed(replayed, state);
    return Write.NONE;
  }

  Write onReplayDone(PageReader.ReplayDone done, Moment now) {
    if (pages.onDone(done, state) && done.failure() == null) {
      dispatchAll(now); // bodies came in
    }
    return Write.NONE;
  }

  Write onDeleted(JournalAccess.Deleted deleted) {
    if (deleted.failure() != null) {
      context
          .log()
          .warn(
              "{}: deleting {} up to {} failed; the next snapshot tries again",
              id,
              deleted.what(),
              deleted.toSeqNr(),
              deleted.failure());
    }
    return Write.NONE;
  }

  Write onDeadLettersStored(DeadLettersStored stored, Moment now) {
    GroupDispatcher dispatcher = dispatchers.get(stored.group());
    if (dispatcher == null) return Write.NONE;
    if (!stored.stored()) {
      dispatcher.retry(stored.offsets(), state);
      dispatch(dispatcher, now);
      return Write.NONE;
    }
    dispatcher.countDeadLetters(stored.offsets().size());
    // a request expired after a failed attempt leaves no count behind
    dispatcher.forget(stored.offsets());
    settles.deadLettered(stored.group(), stored.offsets());
    scheduleFlush();
    return Write.NONE;
  }

  /** Dead-letters requests still queued at their deadline in every group that has not sent them. */
  private void expireQueued(Moment now) {
    List<Long> passed = deadlines.passed(now.millis(), state.stored());
    if (passed.isEmpty()) {
      return;
    }
    for (GroupDispatcher dispatcher : dispatchers.all()) {
      List<Long> expired = new ArrayList<>(passed);
      expired.removeIf(offset -> !dispatcher.unqueue(offset)); // in flight: its worker is told
      deadLetterSender.sendExpired(dispatcher.group(), expired, state::message, now.millis());
    }
  }

  void deadLetter(GroupDispatcher dispatcher, List<Long> offsets, String reason, Moment now) {
    deadLetterSender.send(dispatcher.group(), offsets, reason, state::message, now.millis());
  }

  private void scheduleFlush() {
    writes.flushSoon();
  }

  void dispatchAll(Moment now) {
    dispatchers.all().forEach(dispatcher -> dispatch(dispatcher, now));
  }

  void dispatch(GroupDispatcher dispatcher, Moment now) {
    pages.pageInIfNeeded(state);
    if (!started) {
      if (dispatcher.consumers() > 0 && !startWanted) {
        startWanted = true; // the first delivery waits for this start's epoch to be written
        scheduleFlush();
      }
      return;
    }
    dispatchers.send(dispatcher, state, now);
    if (dispatcher.waitsForPagedOut(state)) {
      pages.pageInBeyondWindow(state); // unacked deliveries hold the window: read on anyway
    }
  }

  private boolean idle() {
    return publishes.isEmpty() && settles.isEmpty() && dispatchers.idle();
  }

  GroupDispatchers dispatchers() {
    return dispatchers;
  }

  PartitionId id() {
    return id;
  }

  PartitionState state() {
    return state;
  }

  boolean started() {
    return started;
  }
}
