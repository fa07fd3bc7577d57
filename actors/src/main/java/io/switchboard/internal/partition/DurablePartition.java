package io.switchboard.internal.partition;

import io.switchboard.ErrorCode;
import io.switchboard.internal.journal.JournalFullException;
import io.switchboard.internal.protocol.PartitionProtocol;
import io.switchboard.internal.protocol.PartitionProtocol.Command;
import io.switchboard.internal.topic.TopicEntry;
import io.switchboard.message.Text;
import io.switchboard.topic.TopicConfig;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.EventRejectedException;
import org.apache.pekko.persistence.typed.JournalPersistFailed;
import org.apache.pekko.persistence.typed.JournalPersistRejected;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.SnapshotCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * A partition of a durable topic: a sharded event-sourced entity. A publish is confirmed only after
 * the journal write that carries it (with everything else that arrived meanwhile).
 */
public final class DurablePartition
    extends EventSourcedBehavior<Command, PartitionEvent, PartitionState> {

  public static final EntityTypeKey<Command> ENTITY_TYPE_KEY =
      EntityTypeKey.create(Command.class, "switchboard-partition");

  private final PartitionCore core;
  private final PartitionSettings settings;
  private final StateRules rules;
  private final ActorContext<Command> context;
  private final JournalAccess journal;
  private final SnapshotSchedule snapshots;

  /** The sequence number of the last snapshot completed or recovered from (0: none known). */
  private long lastSnapshot;

  /** Starts sharding of durable partitions on this node. */
  public static void init(ActorSystem<?> system, PartitionEnvironment environment) {
    ClusterSharding.get(system)
        .init(
            Entity.of(
                    ENTITY_TYPE_KEY,
                    entity ->
                        create(
                            PartitionId.parse(entity.getEntityId()),
                            environment,
                            entity.getShard()))
                .withStopMessage(PartitionProtocol.Passivate.INSTANCE));
  }

  static Behavior<Command> create(
      PartitionId id,
      PartitionEnvironment environment,
      ActorRef<ClusterSharding.ShardCommand> shard) {
    // A write the journal refused (EventRejectedException) would stop the partition and fail
    // every later command until it restarted: restart it at once, from its journal.
    return PartitionStartup.create(
        id,
        environment,
        topic ->
            Behaviors.supervise(
                    Behaviors.setup(
                        (ActorContext<Command> context) ->
                            Behaviors.withTimers(
                                timers -> {
                                  timers.startTimerWithFixedDelay(
                                      PartitionCore.Tick.INSTANCE,
                                      environment.settings().tickInterval());
                                  DurablePartition partition =
                                      new DurablePartition(id, topic, environment, context);
                                  // Idle partitions stop; the journal brings them back on the next
                                  // command.
                                  partition.core.onIdle(
                                      () ->
                                          shard.tell(
                                              new ClusterSharding.Passivate<>(context.getSelf())));
                                  return partition;
                                })))
                .onFailure(EventRejectedException.class, SupervisorStrategy.restart()));
  }

  private DurablePartition(
      PartitionId id,
      TopicEntry topic,
      PartitionEnvironment environment,
      ActorContext<Command> context) {
    // A failed journal write (database down) restarts the partition with backoff, not stops it.
    super(
        PersistenceId.of("switchboard-partition", id.entityId()), environment.restart().strategy());
    this.settings = environment.settings();
    this.context = context;
    this.journal = new JournalAccess(context, persistenceId().id());
    this.snapshots = new SnapshotSchedule(settings.snapshotEvery(), settings.snapshotSizeRatio());
    this.core =
        new PartitionCore(
            id,
            topic,
            settings,
            new ActorPartitionContext(context, journal),
            environment.deadLetters(),
            environment.clock());
    TopicConfig config = topic.config();
    this.rules =
        settings.journaledRules(
            config.retention().toMillis(), config.idempotencyWindow().toMillis());
  }

  @Override
  public PartitionState emptyState() {
    return new PartitionState();
  }

  @Override
  public CommandHandler<Command, PartitionEvent, PartitionState> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(PartitionProtocol.Passivate.class, (state, passivate) -> onPassivate(state))
        .onCommand(
            PartitionProtocol.TopicDeleted.class,
            (state, deleted) -> {
              core.handle(state, deleted);
              return Effect().stop();
            })
        .onAnyCommand((state, command) -> toEffect(core.handle(state, command)));
  }

  /** Stops; waiting acks and deliveries not yet marked in the journal are written first. */
  private Effect<PartitionEvent, PartitionState> onPassivate(PartitionState state) {
    Write last = core.closingWrite(state);
    return last.events().isEmpty()
        ? Effect().stop()
        : Effect().persist(last.events()).thenRun(s -> last.afterWrite().run()).thenStop();
  }

  private Effect<PartitionEvent, PartitionState> toEffect(Write write) {
    if (write.events().isEmpty()) {
      return write.afterWrite() == Write.NOTHING
          ? Effect().none()
          : Effect().none().thenRun(state -> write.afterWrite().run());
    }
    return Effect().persist(write.events()).thenRun(state -> write.afterWrite().run());
  }

  @Override
  public EventHandler<PartitionState, PartitionEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(this::onEvent);
  }

  private PartitionState onEvent(PartitionState state, PartitionEvent event) {
    // The event's own sequence number, in replay and after a persist alike: the journal index needs
    // it.
    state.apply(event, lastSequenceNumber(context), rules);
    snapshots.applied(event);
    return state;
  }

  @Override
  public boolean shouldSnapshot(PartitionState state, PartitionEvent event, long sequenceNr) {
    return snapshots.due(state.snapshotEntries());
  }

  /**
   * Keeps two snapshots, this one and the one before, as Pekko's own retention does; deletes the
   * events that no stored message needs any more (bodies live only in the journal, so an event goes
   * once every message it carries is settled) and that neither snapshot kept needs. The one before
   * is known from the snapshot a partition recovered from (a snapshot of an older version does not
   * say, and then the first snapshot after the start deletes nothing).
   */
  private void onSnapshotCompleted(PartitionState state, SnapshotCompleted completed) {
    long previous = lastSnapshot;
    lastSnapshot = completed.metadata().sequenceNr();
    if (previous > 0) {
      journal.deleteTo(Math.min(previous, state.oldestNeededSeqNr() - 1));
      journal.deleteSnapshotsTo(previous - 1);
    }
  }

  @Override
  public SignalHandler<PartitionState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), core::recovered)
        .onSignal(SnapshotCompleted.class, this::onSnapshotCompleted)
        .onSignal(JournalPersistRejected.class, (state, rejected) -> onRejected(rejected.failure()))
        .onSignal(JournalPersistFailed.class, (state, failed) -> onFailed(failed.failure()))
        .build();
  }

  private void onRejected(Throwable failure) {
    if (JournalFullException.isCause(failure)) {
      core.writeLost(
          ErrorCode.JOURNAL_FULL,
          "the journal's disk is full: this publish was not stored;"
              + " retry (with the same idempotency key) once space is freed");
    } else {
      core.writeLost(
          ErrorCode.INVALID_MESSAGE,
          "the journal refused the write that carried this publish: "
              + Text.quote(String.valueOf(failure))
              + "; its messages were not stored");
    }
  }

  private void onFailed(Throwable failure) {
    ErrorCode code =
        JournalFullException.isCause(failure) ? ErrorCode.JOURNAL_FULL : ErrorCode.TIMEOUT;
    core.writeLost(
        code,
        "the journal write that carried this publish failed, it may or may not be stored: "
            + Text.quote(String.valueOf(failure))
            + "; retry with the same idempotency key");
  }

  @Override
  public SnapshotAdapter<PartitionState> snapshotAdapter() {
    // The state is mutable; the snapshot store serializes on its own thread, so it gets a copy
    // (without bodies: after recovery the window is read back from the journal).
    return new SnapshotAdapter<>() {
      @Override
      public Object toJournal(PartitionState state) {
        return state.copy();
      }

      @Override
      public PartitionState fromJournal(Object from) {
        PartitionState recovered = (PartitionState) from;
        snapshots.recoveredFrom(recovered.snapshotEntries());
        // A partition that passivates after one snapshot per start must still delete events.
        lastSnapshot = recovered.snapshotSeqNr();
        return recovered;
      }
    };
  }
}
