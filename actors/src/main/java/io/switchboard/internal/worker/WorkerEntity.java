package io.switchboard.internal.worker;

import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.consumer.Receipt;
import io.switchboard.internal.consumer.Subscription;
import io.switchboard.internal.protocol.PartitionProtocol.ConsumerMessage;
import io.switchboard.internal.protocol.PartitionProtocol.Delivered;
import io.switchboard.internal.protocol.PartitionProtocol.Deliveries;
import io.switchboard.internal.protocol.PartitionProtocol.Gone;
import io.switchboard.internal.protocol.PartitionProtocol.Joined;
import io.switchboard.internal.protocol.PartitionProtocol.SettleKind;
import io.switchboard.message.CborSerializable;
import io.switchboard.worker.WorkerHandler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * A hosted worker: a sharded entity that is one consumer of its group and runs the application's
 * handler for each delivery, acking on success and nacking on failure. Its id is its consumer id,
 * so consistent hashing keeps keys on it wherever it runs.
 */
public final class WorkerEntity extends AbstractBehavior<ConsumerMessage> {

  /** Starts the worker (or keeps it alive); sent by the node that runs the workers. */
  public enum Start implements ConsumerMessage, CborSerializable {
    INSTANCE
  }

  /** Stops the worker (sharding's stop message). */
  public enum Stop implements ConsumerMessage, CborSerializable {
    INSTANCE
  }

  private record Handled(Receipt receipt, Throwable failure) implements ConsumerMessage {}

  private final WorkerHandler handler;
  private final Subscription subscription;

  public static Behavior<ConsumerMessage> create(
      WorkerHandler handler, Function<ActorRef<ConsumerMessage>, Subscription> subscription) {
    return Behaviors.setup(
        context -> new WorkerEntity(context, handler, subscription.apply(context.getSelf())));
  }

  /** Returns a worker's consumer settings: one message at a time, id = entity id. */
  public static ConsumerSettings settings(String entityId, int slots) {
    return new ConsumerSettings(entityId, slots, 1.0);
  }

  private WorkerEntity(
      ActorContext<ConsumerMessage> context, WorkerHandler handler, Subscription subscription) {
    super(context);
    this.handler = handler;
    this.subscription = subscription;
    subscription.subscribe();
  }

  @Override
  public Receive<ConsumerMessage> createReceive() {
    return newReceiveBuilder()
        .onMessageEquals(Start.INSTANCE, this::onStart)
        .onMessage(Deliveries.class, this::onDeliveries)
        .onMessage(Handled.class, this::onHandled)
        .onMessage(Joined.class, joined -> this)
        .onMessage(Gone.class, this::onGone)
        .onMessageEquals(Stop.INSTANCE, this::onStop)
        .build();
  }

  private Behavior<ConsumerMessage> onStart() {
    subscription.subscribe(); // also the heartbeat: Start comes every keep-alive interval
    return this;
  }

  private Behavior<ConsumerMessage> onDeliveries(Deliveries deliveries) {
    for (Delivered item : deliveries.items()) {
      Receipt receipt = deliveries.receipt(item);
      getContext().pipeToSelf(run(item), (ok, failure) -> new Handled(receipt, failure));
    }
    return this;
  }

  private CompletionStage<?> run(Delivered item) {
    try {
      CompletionStage<?> result = handler.handle(item.message(), item.attempt());
      return result == null ? CompletableFuture.completedFuture(null) : result;
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private Behavior<ConsumerMessage> onHandled(Handled handled) {
    if (handled.failure() == null) {
      subscription.ack(handled.receipt());
      subscription.flush();
    } else {
      getContext()
          .getLog()
          .debug("handler failed for {}: {}", handled.receipt(), handled.failure().toString());
      subscription.settle(handled.receipt(), SettleKind.NACK, Duration.ZERO.toMillis());
    }
    return this;
  }

  /** Its group is gone; the node that runs workers stops it once the worker is undeclared. */
  private Behavior<ConsumerMessage> onGone(Gone gone) {
    getContext()
        .getLog()
        .debug("worker of deleted group {}/{}: {}", gone.topic(), gone.group(), gone.reason());
    return this;
  }

  private Behavior<ConsumerMessage> onStop() {
    subscription.unsubscribe();
    return Behaviors.stopped();
  }
}
