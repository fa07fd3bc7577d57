package io.switchboard.internal.worker;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import io.switchboard.consumer.ConsumerControl;
import io.switchboard.internal.consumer.Subscription;
import io.switchboard.internal.directory.TopicDirectory;
import io.switchboard.internal.protocol.PartitionProtocol.ConsumerMessage;
import io.switchboard.worker.WorkerHandler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * Hosts a group's workers as sharded entities ({@code topic/group/index}) and keeps them started:
 * after a rebalance or a node failure, the next keep-alive starts them elsewhere.
 */
public final class WorkerPool implements ConsumerControl {
  private final ActorSystem<?> system;
  private final EntityTypeKey<ConsumerMessage> typeKey;
  private final int concurrency;
  private final Cancellable keepAlive;

  private WorkerPool(
      ActorSystem<?> system,
      EntityTypeKey<ConsumerMessage> typeKey,
      int concurrency,
      Duration interval) {
    this.system = system;
    this.typeKey = typeKey;
    this.concurrency = concurrency;
    this.keepAlive =
        system
            .scheduler()
            .scheduleWithFixedDelay(
                Duration.ZERO, interval, this::startAll, system.executionContext());
  }

  public static WorkerPool start(
      ActorSystem<?> system,
      TopicDirectory directory,
      String topic,
      String group,
      WorkerHandler handler,
      int concurrency,
      Duration keepAlive) {
    if (concurrency < 1 || concurrency > 10_000) {
      throw new SwitchboardException(
          ErrorCode.INVALID_ARGUMENT,
          "concurrency must be between 1 and 10000, got " + concurrency);
    }
    EntityTypeKey<ConsumerMessage> typeKey =
        EntityTypeKey.create(ConsumerMessage.class, "switchboard-worker-" + topic + "-" + group);
    ClusterSharding.get(system)
        .init(
            Entity.of(
                    typeKey,
                    entity ->
                        WorkerEntity.create(
                            handler,
                            self -> {
                              // The topic's partition count is known here: workers start only after
                              // the group exists.
                              var entry = directory.catalog().topic(topic).orElseThrow();
                              return new Subscription(
                                  group,
                                  WorkerEntity.settings(entity.getEntityId(), 1),
                                  entry.config().partitions(),
                                  p -> directory.partition(entry, p),
                                  self);
                            }))
                .withStopMessage(WorkerEntity.Stop.INSTANCE));
    return new WorkerPool(system, typeKey, concurrency, keepAlive);
  }

  private void startAll() {
    ClusterSharding sharding = ClusterSharding.get(system);
    for (int i = 0; i < concurrency; i++) {
      sharding.entityRefFor(typeKey, "worker-" + i).tell(WorkerEntity.Start.INSTANCE);
    }
  }

  @Override
  public CompletionStage<Done> stop() {
    keepAlive.cancel();
    ClusterSharding sharding = ClusterSharding.get(system);
    for (int i = 0; i < concurrency; i++) {
      sharding.entityRefFor(typeKey, "worker-" + i).tell(WorkerEntity.Stop.INSTANCE);
    }
    return CompletableFuture.completedFuture(Done.getInstance());
  }
}
