package io.switchboard.internal.partition;

import io.switchboard.internal.protocol.PartitionProtocol;
import io.switchboard.internal.protocol.PartitionProtocol.Command;
import io.switchboard.internal.topic.TopicEntry;
import io.switchboard.topic.TopicConfig;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * A partition of a transient topic: the same logic as {@link DurablePartition}, in memory. At most
 * once: what it holds is gone if it stops or its node fails.
 */
public final class TransientPartition extends AbstractBehavior<Command> {

  public static final EntityTypeKey<Command> ENTITY_TYPE_KEY =
      EntityTypeKey.create(Command.class, "switchboard-transient-partition");

  private final PartitionCore core;
  private final PartitionState state = new PartitionState();
  private final StateRules rules;

  /** Starts sharding of transient partitions on this node. */
  public static void init(ActorSystem<?> system, PartitionEnvironment environment) {
    ClusterSharding.get(system)
        .init(
            Entity.of(
                    ENTITY_TYPE_KEY,
                    entity -> create(PartitionId.parse(entity.getEntityId()), environment))
                .withStopMessage(PartitionProtocol.Passivate.INSTANCE));
  }

  static Behavior<Command> create(PartitionId id, PartitionEnvironment environment) {
    return PartitionStartup.create(
        id,
        environment,
        topic ->
            Behaviors.setup(
                context ->
                    Behaviors.withTimers(
                        timers -> {
                          timers.startTimerWithFixedDelay(
                              PartitionCore.Tick.INSTANCE, environment.settings().tickInterval());
                          return new TransientPartition(id, topic, environment, context);
                        })));
  }

  private TransientPartition(
      PartitionId id,
      TopicEntry topic,
      PartitionEnvironment environment,
      ActorContext<Command> context) {
    super(context);
    this.core =
        new PartitionCore(
            id,
            topic,
            environment.settings().withoutAckWriteDelay(),
            new ActorPartitionContext(context),
            environment.deadLetters(),
            environment.clock());
    TopicConfig config = topic.config();
    this.rules =
        StateRules.inMemory(config.retention().toMillis(), config.idempotencyWindow().toMillis());
    // Nothing survives a restart here and offsets start again at 0: a random first epoch keeps
    // the receipts of an earlier run of this partition from settling this run's deliveries.
    state.apply(new PartitionEvent.Started(ThreadLocalRandom.current().nextInt()), 0, rules);
    core.recovered(state);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessageEquals(PartitionProtocol.Passivate.INSTANCE, Behaviors::stopped)
        .onMessageEquals(PartitionProtocol.TopicDeleted.INSTANCE, this::onTopicDeleted)
        .onMessage(Command.class, this::onCommand)
        .build();
  }

  private Behavior<Command> onTopicDeleted() {
    core.handle(state, PartitionProtocol.TopicDeleted.INSTANCE);
    return Behaviors.stopped();
  }

  private Behavior<Command> onCommand(Command command) {
    Write write = core.handle(state, command);
    write.events().forEach(event -> state.apply(event, 0, rules));
    write.afterWrite().run();
    return this;
  }
}
