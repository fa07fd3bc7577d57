package io.switchboard.internal.consumer;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import io.switchboard.consumer.DeliveryOutlet;
import io.switchboard.consumer.ReceivedDelivery;
import io.switchboard.consumer.Settlement;
import io.switchboard.internal.protocol.PartitionProtocol.ConsumerMessage;
import io.switchboard.internal.protocol.PartitionProtocol.Delivered;
import io.switchboard.internal.protocol.PartitionProtocol.Deliveries;
import io.switchboard.internal.protocol.PartitionProtocol.Gone;
import io.switchboard.internal.protocol.PartitionProtocol.Joined;
import io.switchboard.internal.protocol.PartitionProtocol.SettleKind;
import io.switchboard.internal.protocol.PartitionProtocol.Tokens;
import java.time.Duration;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The actor behind a consumer: joins the group on every partition, hands deliveries to its {@link
 * DeliveryOutlet} (a stream's bounded queue, which the credit window keeps from overflowing, or the
 * caller's code) and batches the acks. On stop it waits (up to the grace) for acks still on their
 * way, then leaves only once every partition has handled them.
 */
public final class StreamConsumer extends AbstractBehavior<ConsumerMessage> {

  private record Settle(Settlement settlement) implements ConsumerMessage {}

  private enum FlushAcks implements ConsumerMessage {
    INSTANCE
  }

  private enum Heartbeat implements ConsumerMessage {
    INSTANCE
  }

  /** Leaves the group and stops. */
  public enum Stop implements ConsumerMessage {
    INSTANCE
  }

  private enum GraceOver implements ConsumerMessage {
    INSTANCE
  }

  private record Left(Done done) implements ConsumerMessage {}

  private final Subscription subscription;
  private final DeliveryOutlet outlet;
  private final TimerScheduler<ConsumerMessage> timers;
  private final Duration stopGrace;
  private int unsettled;
  private boolean stopping;
  private int partitionsLeft = -1;

  public static Behavior<ConsumerMessage> create(
      Function<ActorRef<ConsumerMessage>, Subscription> subscription,
      DeliveryOutlet outlet,
      Duration heartbeat,
      Duration stopGrace) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  timers.startTimerWithFixedDelay(Heartbeat.INSTANCE, heartbeat);
                  return new StreamConsumer(
                      context, timers, subscription.apply(context.getSelf()), outlet, stopGrace);
                }));
  }

  private StreamConsumer(
      ActorContext<ConsumerMessage> context,
      TimerScheduler<ConsumerMessage> timers,
      Subscription subscription,
      DeliveryOutlet outlet,
      Duration stopGrace) {
    super(context);
    this.subscription = subscription;
    this.outlet = outlet;
    this.timers = timers;
    this.stopGrace = stopGrace;
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
        .onMessageEquals(GraceOver.INSTANCE, this::leave)
        .onMessage(Left.class, this::onLeft)
        .onMessage(Joined.class, joined -> this)
        .onMessage(Gone.class, this::onGone)
        .onMessage(Tokens.class, this::onTokens)
        .build();
  }

  private Behavior<ConsumerMessage> onDeliveries(Deliveries deliveries) {
    ActorRef<ConsumerMessage> self = getContext().getSelf();
    subscription.delivered(deliveries);
    for (Delivered item : deliveries.items()) {
      ReceivedDelivery delivery =
          new ReceivedDelivery(
              item.message(),
              deliveries.group(),
              deliveries.receipt(item),
              settlement -> self.tell(new Settle(settlement)));
      if (!stopping && outlet.offer(delivery)) {
        unsettled++;
      } else {
        subscription.settle(delivery.receipt(), SettleKind.RELEASE, 0);
      }
    }
    if (!stopping) {
      outlet.endOfBatch();
    }
    return this;
  }

  private Behavior<ConsumerMessage> onSettle(Settle settle) {
    unsettled--;
    if (settle.settlement() instanceof Settlement.Nack nack) {
      subscription.settle(nack.receipt(), SettleKind.NACK, nack.delay().toMillis());
    } else if (subscription.ack(settle.settlement().receipt())) {
      getContext().getSelf().tell(FlushAcks.INSTANCE);
    }
    return stopping && unsettled <= 0 && partitionsLeft < 0 ? leave() : this;
  }

  private Behavior<ConsumerMessage> onTokens(Tokens tokens) {
    subscription.tokens(tokens);
    return this;
  }

  private Behavior<ConsumerMessage> onFlushAcks() {
    subscription.flush();
    return this;
  }

  private Behavior<ConsumerMessage> onHeartbeat() {
    if (!stopping) {
      subscription.subscribe();
    }
    return this;
  }

  private Behavior<ConsumerMessage> onStop() {
    if (stopping) {
      return this;
    }
    stopping = true;
    outlet.complete();
    if (unsettled <= 0) {
      return leave();
    }
    // The stream may have ended a moment before its last acks reach this actor.
    timers.startSingleTimer(GraceOver.INSTANCE, stopGrace);
    return this;
  }

  private Behavior<ConsumerMessage> leave() {
    if (partitionsLeft >= 0) {
      return this;
    }
    partitionsLeft = subscription.partitions();
    subscription.unsubscribe(getContext().messageAdapter(Done.class, Left::new));
    timers.startSingleTimer(GraceOver.INSTANCE, stopGrace.plusSeconds(5));
    return this;
  }

  /** The group or topic was deleted: the stream fails with why, and the consumer leaves. */
  private Behavior<ConsumerMessage> onGone(Gone gone) {
    if (!stopping) {
      stopping = true;
      outlet.fail(new SwitchboardException(ErrorCode.valueOf(gone.errorCode()), gone.reason()));
    }
    subscription.unsubscribe();
    return Behaviors.stopped();
  }

  private Behavior<ConsumerMessage> onLeft(Left left) {
    return --partitionsLeft <= 0 ? Behaviors.stopped() : this;
  }
}
