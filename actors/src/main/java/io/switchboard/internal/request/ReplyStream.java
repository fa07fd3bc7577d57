package io.switchboard.internal.request;

import io.switchboard.ErrorCode;
import io.switchboard.atrest.PayloadSealer;
import io.switchboard.internal.request.ReplyProtocol.Append;
import io.switchboard.internal.request.ReplyProtocol.Begin;
import io.switchboard.internal.request.ReplyProtocol.Begun;
import io.switchboard.internal.request.ReplyProtocol.Cancel;
import io.switchboard.internal.request.ReplyProtocol.Command;
import io.switchboard.internal.request.ReplyProtocol.Describe;
import io.switchboard.internal.request.ReplyProtocol.Detach;
import io.switchboard.internal.request.ReplyProtocol.Finish;
import io.switchboard.internal.request.ReplyProtocol.Notice;
import io.switchboard.internal.request.ReplyProtocol.Open;
import io.switchboard.internal.request.ReplyProtocol.Read;
import io.switchboard.internal.request.ReplyProtocol.ReportUsage;
import io.switchboard.request.Outcome;
import io.switchboard.request.RequestMetrics;
import java.time.Clock;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.EventAdapter;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.Recovery;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * The durable reply stream of one request, sharded by request id: stores the chunks of the current
 * generation in order, holds a worker's appends while the caller has a window unread, answers the
 * caller's reads by cursor (waiting up to the poll interval), and ends the request once (completed,
 * failed, cancelled or at its deadline).
 */
public final class ReplyStream extends EventSourcedBehavior<Command, ReplyEvent, ReplyLog> {

  public static final EntityTypeKey<Command> ENTITY_TYPE_KEY =
      EntityTypeKey.create(Command.class, "switchboard-reply");

  private enum Idle implements Command {
    INSTANCE
  }

  private enum Stop implements Command {
    INSTANCE
  }

  private final String requestId;
  private final RequestSettings settings;
  private final Clock clock;
  private final ActorContext<Command> context;
  private final ReplyTimers timers;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private final ReplyMeter meter;
  private final ReplySealing sealing;
  private final WaitingReads readers = new WaitingReads();
  private final ReplyWrites writes;
  private ActorRef<Notice> watcher;

  /** Starts sharding of reply streams on this node. */
  public static void init(
      ActorSystem<?> system, RequestSettings settings, Clock clock, RequestMetrics metrics) {
    PayloadSealer sealer = ReplySealing.sealerOf(system.settings().config());
    ClusterSharding.get(system)
        .init(
            Entity.of(
                    ENTITY_TYPE_KEY,
                    entity ->
                        create(
                            entity.getEntityId(),
                            settings,
                            clock,
                            metrics,
                            entity.getShard(),
                            new ReplySealing(entity.getEntityId(), sealer)))
                .withStopMessage(Stop.INSTANCE));
  }

  static Behavior<Command> create(
      String requestId,
      RequestSettings settings,
      Clock clock,
      RequestMetrics metrics,
      ActorRef<ClusterSharding.ShardCommand> shard,
      ReplySealing sealing) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  context.setReceiveTimeout(settings.passivateAfter(), Idle.INSTANCE);
                  return new ReplyStream(
                      requestId, settings, clock, metrics, context, timers, shard, sealing);
                }));
  }

  private ReplyStream(
      String requestId,
      RequestSettings settings,
      Clock clock,
      RequestMetrics metrics,
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      ActorRef<ClusterSharding.ShardCommand> shard,
      ReplySealing sealing) {
    super(PersistenceId.of("switchboard-reply", requestId));
    this.sealing = sealing;
    this.requestId = requestId;
    this.settings = settings;
    this.clock = clock;
    this.context = context;
    this.timers = new ReplyTimers(timers, clock, settings.pollInterval());
    this.shard = shard;
    this.meter = new ReplyMeter(metrics, clock);
    this.writes =
        new ReplyWrites(
            Effect(),
            settings,
            clock,
            meter,
            this.timers,
            context.getSelf(),
            this::answerReaders,
            this::afterEnd);
  }

  @Override
  public EventAdapter<ReplyEvent, ?> eventAdapter() {
    return sealing;
  }

  @Override
  public ReplyLog emptyState() {
    return new ReplyLog(requestId);
  }

  @Override
  public CommandHandler<Command, ReplyEvent, ReplyLog> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(Open.class, this::onOpen)
        .onCommand(Begin.class, this::onBegin)
        .onCommand(Append.class, writes::onAppend)
        .onCommand(Finish.class, writes::onFinish)
        .onCommand(ReportUsage.class, writes::onReportUsage)
        .onCommand(Cancel.class, this::onCancel)
        .onCommand(Detach.class, this::onDetach)
        .onCommand(ReplyTimers.GraceOver.class, (state, tick) -> onGraceOver(state))
        .onCommand(Read.class, this::onRead)
        .onCommand(Describe.class, this::onDescribe)
        .onCommand(ReplyTimers.DeadlineReached.class, (state, tick) -> onDeadline(state))
        .onCommand(ReplyTimers.PollOver.class, (state, tick) -> onPollOver())
        .onCommand(Idle.class, (state, tick) -> onIdle(state))
        .onCommand(ReplyWrites.Flush.class, (state, flush) -> writes.onFlush(state))
        .onCommand(Stop.class, (state, stop) -> Effect().stop())
        .build();
  }

  private Effect<ReplyEvent, ReplyLog> onOpen(ReplyLog state, Open open) {
    if (state.opened()) {
      open.replyTo().tell(StatusReply.ack());
      return Effect().none();
    }
    return Effect()
        .persist(
            new ReplyEvent.Opened(
                open.deadlineMillis(), clock.millis(), open.topic(), open.window(), open.tenant()))
        .thenRun(
            s -> {
              timers.deadline(s);
              open.replyTo().tell(StatusReply.ack());
            });
  }

  private Effect<ReplyEvent, ReplyLog> onBegin(ReplyLog state, Begin begin) {
    if (!state.opened()) {
      begin.replyTo().tell(new Begun(false, null, 0, List.of(), -1));
      return passivate();
    }
    if (state.ended()) {
      begin
          .replyTo()
          .tell(new Begun(true, state.end().outcome(), state.generation(), List.of(), -1));
      return Effect().none();
    }
    long now = clock.millis();
    // Past its deadline, or the caller's grace ran out while no node hosted this stream (a
    // restart): end it, do not start.
    ReplyEvent.Ended early =
        now >= state.deadlineMillis()
            ? new ReplyEvent.Ended(
                Outcome.DEADLINE_EXCEEDED, "still queued at its deadline", new byte[0], now)
            : state.detached() && now >= state.graceEndsAtMillis() ? graceOver(now) : null;
    if (early != null) {
      return end(
          early,
          s ->
              begin
                  .replyTo()
                  .tell(new Begun(true, early.outcome(), s.generation(), List.of(), -1)));
    }
    int next = state.generation() + 1;
    long queued = next == 1 ? meter.queued(state).toMillis() : -1;
    return Effect()
        .persist(new ReplyEvent.Started(next))
        .thenRun(
            s -> {
              // The previous generation's worker lost the request (lease, disconnect): stop it.
              notifyWatcher(s.generation() - 1, Outcome.SUPERSEDED);
              writes.refuseHeld(
                  ReplyRefusal.superseded("superseded by a later delivery of the request"));
              watcher = begin.watcher();
              begin
                  .replyTo()
                  .tell(new Begun(true, null, next, s.after(0, Integer.MAX_VALUE), queued));
            });
  }

  private Effect<ReplyEvent, ReplyLog> onCancel(ReplyLog state, Cancel cancel) {
    if (!state.opened() || state.ended()) {
      return Effect().none();
    }
    return end(
        new ReplyEvent.Ended(Outcome.CANCELLED, cancel.reason(), new byte[0], clock.millis()),
        s -> {});
  }

  private Effect<ReplyEvent, ReplyLog> onDetach(ReplyLog state, Detach detach) {
    if (!state.opened() || state.ended()) {
      return Effect().none();
    }
    // Journaled, so that a node that stops within the grace does not forget it (recovered below).
    return Effect()
        .persist(new ReplyEvent.Detached(clock.millis(), detach.graceMillis()))
        .thenRun(timers::grace);
  }

  private Effect<ReplyEvent, ReplyLog> onGraceOver(ReplyLog state) {
    if (!state.detached()) {
      return Effect().none(); // a caller came back
    }
    if (!readers.isEmpty()) {
      // A caller is back (its read overtook the detach), or the gone one's read is still held: look
      // again.
      timers.graceAgain();
      return Effect().none();
    }
    return end(graceOver(clock.millis()), s -> {});
  }

  private ReplyEvent.Ended graceOver(long now) {
    return new ReplyEvent.Ended(
        Outcome.CANCELLED,
        "the caller went away and did not reattach within "
            + settings.reattachGrace()
            + " (switchboard.requests.reattach-grace)",
        new byte[0],
        now);
  }

  private Effect<ReplyEvent, ReplyLog> onDeadline(ReplyLog state) {
    if (!state.opened() || state.ended()) {
      return Effect().none();
    }
    long now = clock.millis();
    if (now < state.deadlineMillis()) {
      timers.deadline(state);
      return Effect().none();
    }
    String why =
        state.generation() == 0
            ? "still queued at its deadline"
            : "the deadline passed while it ran";
    return end(new ReplyEvent.Ended(Outcome.DEADLINE_EXCEEDED, why, new byte[0], now), s -> {});
  }

  /** Persists the end, then tells everyone waiting and the worker (if it must stop). */
  private Effect<ReplyEvent, ReplyLog> end(
      ReplyEvent.Ended ended, java.util.function.Consumer<ReplyLog> then) {
    return Effect()
        .persist(ended)
        .thenRun(
            s -> {
              timers.cancelDeadline();
              then.accept(s);
              afterEnd(s);
            });
  }

  private void afterEnd(ReplyLog state) {
    // Ended: the caller reads the last of it soon; a later reattach recovers it from the journal.
    context.setReceiveTimeout(settings.pollInterval(), Idle.INSTANCE);
    meter.ended(state);
    writes.refuseHeld(state.refusal(state.generation()));
    if (state.end().outcome() == Outcome.CANCELLED
        || state.end().outcome() == Outcome.DEADLINE_EXCEEDED) {
      notifyWatcher(state.generation(), state.end().outcome());
    }
    answerReaders(state);
  }

  private Effect<ReplyEvent, ReplyLog> onRead(ReplyLog state, Read read) {
    ReplyRefusal refused = state.readRefusal(read.cursor(), clock.millis(), settings.retention());
    if (refused != null) {
      read.replyTo().tell(StatusReply.error(refused));
      if (refused.code() == ErrorCode.EXPIRED) {
        meter.expired();
      }
      return state.opened() ? Effect().none() : passivate();
    }
    timers.cancelGrace(); // a caller is back (a reattach): the request goes on
    readers.add(read);
    ReplyEvent reattached = state.detached() ? new ReplyEvent.Reattached(clock.millis()) : null;
    return writes.onRead(state, read.cursor(), reattached);
  }

  /** Answers every reader that has something to read; starts the poll timer for the rest. */
  private void answerReaders(ReplyLog state) {
    if (readers.answer(state)) {
      timers.poll();
    }
  }

  private Effect<ReplyEvent, ReplyLog> onPollOver() {
    readers.timeOut();
    return Effect().none();
  }

  private Effect<ReplyEvent, ReplyLog> onDescribe(ReplyLog state, Describe describe) {
    describe.replyTo().tell(writes.describe(state));
    return state.opened() ? Effect().none() : passivate(); // an access check of an unknown id
  }

  private Effect<ReplyEvent, ReplyLog> onIdle(ReplyLog state) {
    return readers.isEmpty() && writes.isIdle() && !state.detached()
        ? passivate()
        : Effect().none();
  }

  private Effect<ReplyEvent, ReplyLog> passivate() {
    shard.tell(new ClusterSharding.Passivate<>(context.getSelf()));
    return Effect().none();
  }

  private void notifyWatcher(int generation, Outcome outcome) {
    if (watcher != null && generation > 0) {
      watcher.tell(new Notice(requestId, generation, outcome));
    }
  }

  @Override
  public EventHandler<ReplyLog, ReplyEvent> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onAnyEvent(
            (state, event) -> {
              state.apply(event);
              return state;
            });
  }

  /**
   * Recovers events only: a reply stream never saves a snapshot, so asking the snapshot store (a
   * journal read per stream started) can find nothing.
   */
  @Override
  public Recovery recovery() {
    return Recovery.withSnapshotSelectionCriteria(SnapshotSelectionCriteria.none());
  }

  @Override
  public SignalHandler<ReplyLog> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(
            RecoveryCompleted.instance(),
            state -> {
              timers.deadline(state);
              timers.grace(state);
            })
        .build();
  }
}
