package io.switchboard.consumer;

import io.switchboard.partition.PartitionProtocol.ConsumerMessage;
import io.switchboard.partition.PartitionProtocol.Deliveries;
import io.switchboard.partition.PartitionProtocol.Delivered;
import io.switchboard.partition.PartitionProtocol.SettleKind;
import java.time.Duration;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;

/**
 * The actor behind a consumer {@code Source}: joins the group on every partition, pushes
 * deliveries into the stream's bounded queue (the credit window keeps it from overflowing) and
 * batches the acks.
 */
public final class StreamConsumer extends AbstractBehavior<ConsumerMessage> {

  private record Settle(Receipt receipt, Duration delay) implements ConsumerMessage {}

  private enum FlushAcks implements ConsumerMessage { INSTANCE }

  private enum Heartbeat implements ConsumerMessage { INSTANCE }

  /** Leaves the group and stops. */
  public enum Stop implements ConsumerMessage { INSTANCE }

  private final Subscription subscription;
  private final BoundedSourceQueue<Delivery> queue;

  public static Behavior<ConsumerMessage> create(
      Function<ActorRef<ConsumerMessage>, Subscription> subscription,
      BoundedSourceQueue<Delivery> queue, Duration heartbeat) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Heartbeat.INSTANCE, heartbeat);
      return new StreamConsumer(context, subscription.apply(context.getSelf()), queue);
    }));
  }

  private StreamConsumer(ActorContext<ConsumerMessage> context, Subscription subscription,
      BoundedSourceQueue<Delivery> queue) {
    super(context);
    this.subscription = subscription;
    this.queue = queue;
    subscription.subscribe();
  }

  @Override
  public Receive<ConsumerMessage> createReceive() {
    return newReceiveBuilder()
        .onMessage(Deliveries.class, this::onDeliveries)
        .onMessage(Settle.class, this::onSettle)
        .onMessageEquals(FlushAcks.INSTANCE, this::onFlushAcks)
        .onMessageEquals(Heartbeat.INSTANCE, this::onHeartbeat)
        .onMessageEquals(Stop.INSTANCE, this::onStop)
        .build();
  }

  private Behavior<ConsumerMessage> onDeliveries(Deliveries deliveries) {
    ActorRef<ConsumerMessage> self = getContext().getSelf();
    for (Delivered item : deliveries.items()) {
      ReceivedDelivery delivery = new ReceivedDelivery(item.message(), deliveries.group(),
          item.attempt(), deliveries.partition(), item.offset(),
          (receipt, delay) -> self.tell(new Settle(receipt, delay)));
      if (queue.offer(delivery) != QueueOfferResult.enqueued()) {
        subscription.settle(delivery.receipt(), SettleKind.RELEASE, 0);
      }
    }
    return this;
  }

  private Behavior<ConsumerMessage> onSettle(Settle settle) {
    if (settle.delay() == ReceivedDelivery.ACK) {
      if (subscription.ack(settle.receipt())) {
        getContext().getSelf().tell(FlushAcks.INSTANCE);
      }
    } else {
      subscription.settle(settle.receipt(), SettleKind.NACK, settle.delay().toMillis());
    }
    return this;
  }

  private Behavior<ConsumerMessage> onFlushAcks() {
    subscription.flush();
    return this;
  }

  private Behavior<ConsumerMessage> onHeartbeat() {
    subscription.subscribe();
    return this;
  }

  private Behavior<ConsumerMessage> onStop() {
    subscription.unsubscribe();
    try {
      queue.complete();
    } catch (IllegalStateException streamAlreadyDone) {
      // Stop after the stream ended (cancelled or completed): nothing left to complete.
    }
    return Behaviors.stopped();
  }
}
