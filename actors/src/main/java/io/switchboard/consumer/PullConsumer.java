package io.switchboard.consumer;

import io.switchboard.partition.PartitionProtocol.ConsumerMessage;
import io.switchboard.partition.PartitionProtocol.Deliveries;
import io.switchboard.partition.PartitionProtocol.Delivered;
import io.switchboard.partition.PartitionProtocol.SettleKind;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * One node's consumer for pull clients (HTTP) of one group: keeps a small buffer of
 * deliveries, answers pulls from it, parks long polls until deliveries come or the wait ends.
 * Deliveries nobody pulls in time go back to the partition without counting an attempt.
 */
public final class PullConsumer extends AbstractBehavior<ConsumerMessage> {

  /** Takes up to {@code max} deliveries, waiting up to {@code wait} when there are none. */
  public record Pull(int max, Duration maxWait, ActorRef<List<Delivery>> replyTo) implements ConsumerMessage {}

  private record Buffered(Delivery delivery, long atMillis) {}

  private record Parked(Pull pull, long deadlineMillis) {}

  private enum Tick implements ConsumerMessage { INSTANCE }

  private final Subscription subscription;
  private final BiConsumer<Receipt, Duration> settler;
  private final Duration bufferMaxAge;
  private final Deque<Buffered> buffer = new ArrayDeque<>();
  private final Deque<Parked> parked = new ArrayDeque<>();
  private int ticks;

  /**
   * Creates the consumer; {@code settler} acks (delay {@link ReceivedDelivery#ACK}) or nacks
   * a pulled delivery, as the HTTP client's ack may reach any node.
   */
  public static Behavior<ConsumerMessage> create(
      Function<ActorRef<ConsumerMessage>, Subscription> subscription,
      BiConsumer<Receipt, Duration> settler, Duration bufferMaxAge) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers ->
        new PullConsumer(context, timers, subscription.apply(context.getSelf()), settler, bufferMaxAge)));
  }

  private PullConsumer(ActorContext<ConsumerMessage> context, TimerScheduler<ConsumerMessage> timers,
      Subscription subscription, BiConsumer<Receipt, Duration> settler, Duration bufferMaxAge) {
    super(context);
    this.subscription = subscription;
    this.settler = settler;
    this.bufferMaxAge = bufferMaxAge;
    timers.startTimerWithFixedDelay(Tick.INSTANCE, Duration.ofMillis(100));
    subscription.subscribe();
  }

  @Override
  public Receive<ConsumerMessage> createReceive() {
    return newReceiveBuilder()
        .onMessage(Deliveries.class, this::onDeliveries)
        .onMessage(Pull.class, this::onPull)
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .onMessageEquals(StreamConsumer.Stop.INSTANCE, this::onStop)
        .build();
  }

  private Behavior<ConsumerMessage> onDeliveries(Deliveries deliveries) {
    long now = System.currentTimeMillis();
    for (Delivered item : deliveries.items()) {
      buffer.add(new Buffered(new ReceivedDelivery(item.message(), deliveries.group(),
          item.attempt(), deliveries.partition(), item.offset(), settler), now));
    }
    while (!parked.isEmpty() && !buffer.isEmpty()) {
      Pull pull = parked.poll().pull();
      pull.replyTo().tell(take(pull.max()));
    }
    return this;
  }

  private Behavior<ConsumerMessage> onPull(Pull pull) {
    if (!buffer.isEmpty() || pull.maxWait().isZero()) {
      pull.replyTo().tell(take(pull.max()));
    } else {
      parked.add(new Parked(pull, System.currentTimeMillis() + pull.maxWait().toMillis()));
    }
    return this;
  }

  /** Hands deliveries out; from then on only their lease holds them, not this node's credit. */
  private List<Delivery> take(int max) {
    List<Delivery> taken = new ArrayList<>(Math.min(max, buffer.size()));
    while (taken.size() < max && !buffer.isEmpty()) {
      taken.add(buffer.poll().delivery());
    }
    subscription.detach(taken.stream().map(Delivery::receipt).toList());
    return taken;
  }

  private Behavior<ConsumerMessage> onTick() {
    long now = System.currentTimeMillis();
    while (!parked.isEmpty() && parked.peek().deadlineMillis() <= now) {
      parked.poll().pull().replyTo().tell(List.of());
    }
    long cutoff = now - bufferMaxAge.toMillis();
    while (!buffer.isEmpty() && buffer.peek().atMillis() < cutoff) {
      subscription.settle(buffer.poll().delivery().receipt(), SettleKind.RELEASE, 0);
    }
    if (++ticks % 10 == 0) {
      subscription.subscribe(); // heartbeat, once a second
    }
    return this;
  }

  private Behavior<ConsumerMessage> onStop() {
    buffer.forEach(b -> subscription.settle(b.delivery().receipt(), SettleKind.RELEASE, 0));
    parked.forEach(p -> p.pull().replyTo().tell(List.of()));
    subscription.unsubscribe();
    return Behaviors.stopped();
  }
}
