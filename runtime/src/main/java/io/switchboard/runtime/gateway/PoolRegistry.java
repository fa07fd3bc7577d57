package io.switchboard.runtime.gateway;

import io.switchboard.message.CborSerializable;
import io.switchboard.settings.RestartBackoff;
import java.util.function.LongFunction;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * The cluster-wide registry of pools defined at run time: an event-sourced cluster singleton, as
 * the topic registry is, so a definition is stored in the node's journal (it survives a restart)
 * and copied to every node's gateway through Distributed Data ({@link PoolPublisher}). Definitions
 * arrive validated; a delete of a pool that is not defined answers {@link Deleted#known()} false.
 */
public final class PoolRegistry
    extends EventSourcedBehavior<PoolRegistry.Command, PoolRegistry.Event, PoolDefinitions> {
  /** The singleton's name and persistence id. */
  static final String NAME = "switchboard-gateway-pools";

  public interface Command extends CborSerializable {}

  /** Defines or replaces a pool; answers the definitions' new version. */
  public record Define(String model, String definition, ActorRef<StatusReply<Long>> replyTo)
      implements Command {}

  /** Deletes a pool; answers whether it was defined and the definitions' version after. */
  public record Delete(String model, ActorRef<StatusReply<Deleted>> replyTo) implements Command {}

  /** What a delete did: {@code known} false when no pool of that model was defined at run time. */
  public record Deleted(boolean known, long version) implements CborSerializable {}

  interface Event extends CborSerializable {}

  record PoolDefined(String model, String definition) implements Event {}

  record PoolDeleted(String model) implements Event {}

  private final PoolPublisher publisher;

  /**
   * Starts the singleton (on the oldest node) and returns a proxy to it; it restarts with {@code
   * restart} (the topic registry's {@code switchboard.registry.restart-backoff}).
   */
  static ActorRef<Command> init(ActorSystem<?> system, RestartBackoff restart) {
    Behavior<Command> registry =
        Behaviors.setup(
            context -> new PoolRegistry(new PoolPublisher(context.getSystem()), restart));
    // restarted, not stopped, after a failed write: a stopped singleton is not started again
    return ClusterSingleton.get(system)
        .init(
            SingletonActor.of(
                Behaviors.supervise(registry).onFailure(Exception.class, restart.strategy()),
                NAME));
  }

  private PoolRegistry(PoolPublisher publisher, RestartBackoff restart) {
    super(PersistenceId.ofUniqueId(NAME), restart.strategy());
    this.publisher = publisher;
  }

  @Override
  public PoolDefinitions emptyState() {
    return PoolDefinitions.EMPTY;
  }

  @Override
  public CommandHandler<Command, Event, PoolDefinitions> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(Define.class, this::onDefine)
        .onCommand(Delete.class, this::onDelete)
        .build();
  }

  private Effect<Event, PoolDefinitions> onDefine(PoolDefinitions pools, Define define) {
    if (define.definition().equals(pools.pools().get(define.model()))) {
      return Effect().reply(define.replyTo(), StatusReply.success(pools.version()));
    }
    return persist(
        new PoolDefined(define.model(), define.definition()), define.replyTo(), next -> next);
  }

  private Effect<Event, PoolDefinitions> onDelete(PoolDefinitions pools, Delete delete) {
    if (!pools.pools().containsKey(delete.model())) {
      return Effect()
          .reply(delete.replyTo(), StatusReply.success(new Deleted(false, pools.version())));
    }
    return persist(
        new PoolDeleted(delete.model()), delete.replyTo(), next -> new Deleted(true, next));
  }

  private <T> Effect<Event, PoolDefinitions> persist(
      Event event, ActorRef<StatusReply<T>> caller, LongFunction<T> answer) {
    return Effect()
        .persist(event)
        .thenRun(
            next -> {
              publisher.publish(next);
              caller.tell(StatusReply.success(answer.apply(next.version())));
            });
  }

  @Override
  public EventHandler<PoolDefinitions, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(PoolDefined.class, (pools, e) -> pools.with(e.model(), e.definition()))
        .onEvent(PoolDeleted.class, (pools, e) -> pools.without(e.model()))
        .build();
  }

  @Override
  public SignalHandler<PoolDefinitions> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), publisher::publish)
        .build();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(100, 2);
  }
}
