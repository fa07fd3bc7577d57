package io.switchboard.internal.consumer;

import io.switchboard.consumer.Delivery;
import io.switchboard.consumer.Receipt;
import io.switchboard.consumer.ReceivedDelivery;
import io.switchboard.consumer.Settlement;
import io.switchboard.internal.protocol.PartitionProtocol.ConsumerMessage;
import io.switchboard.internal.protocol.PartitionProtocol.Delivered;
import io.switchboard.internal.protocol.PartitionProtocol.Deliveries;
import io.switchboard.internal.protocol.PartitionProtocol.Gone;
import io.switchboard.internal.protocol.PartitionProtocol.Joined;
import io.switchboard.internal.protocol.PartitionProtocol.SettleKind;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * One node's consumer for pull clients (HTTP) of one group: keeps a small buffer of deliveries,
 * answers pulls from it, parks long polls until deliveries come or the wait ends. It joins the
 * group on the first pull and leaves it (handing its buffer back, uncounted) when no client has
 * pulled for the buffer's age, so an idle node moves no messages. A pull that finds it joining
 * waits (up to the join wait) until every partition has answered, so even a pull that does not wait
 * gets what is stored. It stops when its group or topic is deleted.
 */
public final class PullConsumer extends AbstractBehavior<ConsumerMessage> {

  /** Takes up to {@code max} deliveries, waiting up to {@code wait} when there are none. */
  public record Pull(int max, Duration maxWait, ActorRef<List<Delivery>> replyTo)
      implements ConsumerMessage {}

  /**
   * How long buffered deliveries wait for a pull ({@code pull.buffer-max-age}), how long a pull
   * waits for a join ({@code pull.join-wait}) and how often the subscriptions are renewed ({@code
   * consumer.heartbeat-interval}, as for stream consumers).
   */
  public record Timing(Duration bufferMaxAge, Duration joinWait, Duration heartbeatInterval) {}

  private record Buffered(Delivery delivery, long atMillis) {}

  private record Parked(Pull pull, long deadlineMillis) {}

  private enum Tick implements ConsumerMessage {
    INSTANCE
  }

  // How late a parked long poll is answered at its deadline and a stale buffer released: the
  // precision of waitMs and buffer-max-age, not a limit; a tick does no work when nothing is due.
  private static final Duration TICK = Duration.ofMillis(100);

  private final Subscription subscription;
  private final Consumer<Settlement> settler;
  private final Timing timing;
  private final Runnable onGone;
  private final Deque<Buffered> buffer = new ArrayDeque<>();
  private final Deque<Parked> parked = new ArrayDeque<>();
  private final Set<Integer> joined = new HashSet<>();
  private boolean member;
  private long lastPullMillis;
  private long lastHeartbeatMillis;

  /**
   * Creates the consumer; {@code settler} takes the {@link Settlement} (ack or nack) of a pulled
   * delivery, as the HTTP client's ack may reach any node; {@code onGone} runs when the group or
   * topic is deleted, just before the consumer stops.
   */
  public static Behavior<ConsumerMessage> create(
      Function<ActorRef<ConsumerMessage>, Subscription> subscription,
      Consumer<Settlement> settler,
      Timing timing,
      Runnable onGone) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers ->
                    new PullConsumer(
                        context,
                        timers,
                        subscription.apply(context.getSelf()),
                        settler,
                        timing,
                        onGone)));
  }

  private PullConsumer(
      ActorContext<ConsumerMessage> context,
      TimerScheduler<ConsumerMessage> timers,
      Subscription subscription,
      Consumer<Settlement> settler,
      Timing timing,
      Runnable onGone) {
    super(context);
    this.subscription = subscription;
    this.settler = settler;
    this.timing = timing;
    this.onGone = onGone;
    timers.startTimerWithFixedDelay(Tick.INSTANCE, TICK);
  }

  @Override
  public Receive<ConsumerMessage> createReceive() {
    return newReceiveBuilder()
        .onMessage(Deliveries.class, this::onDeliveries)
        .onMessage(Joined.class, this::onJoined)
        .onMessage(Gone.class, this::onGone)
        .onMessage(Pull.class, this::onPull)
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .onMessageEquals(StreamConsumer.Stop.INSTANCE, this::onStop)
        .build();
  }

  private Behavior<ConsumerMessage> onDeliveries(Deliveries deliveries) {
    for (Delivered item : deliveries.items()) {
      Receipt receipt = deliveries.receipt(item);
      if (member) {
        buffer.add(
            new Buffered(
                new ReceivedDelivery(item.message(), deliveries.group(), receipt, settler),
                System.currentTimeMillis()));
      } else {
        subscription.settle(receipt, SettleKind.RELEASE, 0); // sent before this node left
      }
    }
    if (joinedAll()) {
      answerParked(false);
    }
    return this;
  }

  private Behavior<ConsumerMessage> onJoined(Joined join) {
    if (member && joined.add(join.partition()) && joinedAll()) {
      answerParked(true);
    }
    return this;
  }

  private Behavior<ConsumerMessage> onPull(Pull pull) {
    long now = System.currentTimeMillis();
    lastPullMillis = now;
    if (!member) {
      join();
    }
    if (joinedAll() && (!buffer.isEmpty() || pull.maxWait().isZero())) {
      pull.replyTo().tell(take(pull.max()));
    } else {
      long wait = pull.maxWait().toMillis();
      long deadline = now + (joinedAll() ? wait : Math.max(wait, timing.joinWait().toMillis()));
      parked.add(new Parked(pull, deadline));
    }
    return this;
  }

  /** Answers parked pulls from the buffer; once joined, also those that asked not to wait. */
  private void answerParked(boolean justJoined) {
    while (!parked.isEmpty()
        && (!buffer.isEmpty() || justJoined && parked.peek().pull().maxWait().isZero())) {
      Pull pull = parked.poll().pull();
      pull.replyTo().tell(take(pull.max()));
    }
  }

  /** Hands deliveries out; from then on only their lease holds them, not this node's credit. */
  private List<Delivery> take(int max) {
    List<Delivery> taken = new ArrayList<>(Math.min(max, buffer.size()));
    while (taken.size() < max && !buffer.isEmpty()) {
      taken.add(buffer.poll().delivery());
    }
    if (!taken.isEmpty()) {
      subscription.detach(taken.stream().map(Delivery::receipt).toList());
    }
    return taken;
  }

  private Behavior<ConsumerMessage> onTick() {
    long now = System.currentTimeMillis();
    while (!parked.isEmpty() && parked.peek().deadlineMillis() <= now) {
      Pull pull = parked.poll().pull();
      pull.replyTo().tell(take(pull.max()));
    }
    long cutoff = now - timing.bufferMaxAge().toMillis();
    if (member && parked.isEmpty() && lastPullMillis < cutoff) {
      leave(); // nobody pulls here: stop taking deliveries that would only go back
      return this;
    }
    while (!buffer.isEmpty() && buffer.peek().atMillis() < cutoff) {
      subscription.settle(buffer.poll().delivery().receipt(), SettleKind.RELEASE, 0);
    }
    if (member && now - lastHeartbeatMillis >= timing.heartbeatInterval().toMillis()) {
      lastHeartbeatMillis = now;
      subscription.subscribe(); // heartbeat
    }
    return this;
  }

  private void join() {
    member = true;
    joined.clear();
    subscription.subscribe();
    lastHeartbeatMillis = System.currentTimeMillis();
  }

  private void leave() {
    subscription.pause();
    buffer.forEach(b -> subscription.settle(b.delivery().receipt(), SettleKind.RELEASE, 0));
    buffer.clear();
    subscription.unsubscribe();
    member = false;
    joined.clear();
  }

  private boolean joinedAll() {
    return member && joined.size() >= subscription.partitions();
  }

  private Behavior<ConsumerMessage> onGone(Gone gone) {
    getContext()
        .getLog()
        .debug("pull consumer of {}/{} ends: {}", gone.topic(), gone.group(), gone.reason());
    parked.forEach(p -> p.pull().replyTo().tell(List.of()));
    onGone.run();
    return Behaviors.stopped();
  }

  private Behavior<ConsumerMessage> onStop() {
    parked.forEach(p -> p.pull().replyTo().tell(List.of()));
    leave();
    return Behaviors.stopped();
  }
}
