package io.switchboard.internal.partition;

import io.switchboard.ErrorCode;
import io.switchboard.internal.protocol.PartitionProtocol.Command;
import io.switchboard.internal.protocol.PartitionProtocol.Gone;
import io.switchboard.internal.protocol.PartitionProtocol.Joined;
import io.switchboard.internal.protocol.PartitionProtocol.Subscribe;
import io.switchboard.internal.protocol.PartitionProtocol.Tokens;
import io.switchboard.internal.protocol.PartitionProtocol.Unsubscribe;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Consumers joining and leaving a partition's groups: subscriptions, death watch, and the {@link
 * Joined} answer, which follows the first deliveries (and so waits for the start's write).
 */
final class ConsumerMembership {
  /** A watched consumer stopped: what it held is redelivered. */
  record ConsumerTerminated(ActorRef<?> consumer) implements Command {}

  private final PartitionCore core;
  private final PartitionContext context;

  /** Joins that wait for this start's epoch to be written (deliveries come before Joined). */
  private final List<Subscribe> pendingJoins = new ArrayList<>();

  private final Set<ActorRef<?>> watched = new HashSet<>();

  ConsumerMembership(PartitionCore core, PartitionContext context) {
    this.core = core;
    this.context = context;
  }

  Write onSubscribe(Subscribe subscribe, Moment now) {
    PartitionId id = core.id();
    GroupDispatcher dispatcher = core.dispatchers().get(subscribe.group());
    if (dispatcher == null) {
      // The group was deleted (or never was): the consumer ends instead of renewing forever.
      context.log().debug("{}: subscribe to unknown group '{}' refused", id, subscribe.group());
      subscribe
          .consumer()
          .tell(
              new Gone(
                  id.topic(),
                  id.partition(),
                  subscribe.group(),
                  ErrorCode.UNKNOWN_GROUP.name(),
                  "topic '" + id.topic() + "' has no group '" + subscribe.group() + "'"));
      return Write.NONE;
    }
    boolean joined =
        dispatcher.subscribe(
            subscribe.consumerId(),
            subscribe.consumer(),
            subscribe.window(),
            subscribe.capacity(),
            subscribe.tokenBudget(),
            now.millis());
    dispatcher.grant(subscribe.consumerId(), subscribe.tokenGrant());
    if (watched.add(subscribe.consumer())) {
      context.watch(subscribe.consumer(), new ConsumerTerminated(subscribe.consumer()));
    }
    core.dispatch(dispatcher, now);
    if (subscribe.tokenGrant() >= 0) {
      // After the deliveries above: the consumer then knows all this partition holds for it.
      subscribe
          .consumer()
          .tell(
              new Tokens(
                  id.topic(),
                  id.partition(),
                  subscribe.group(),
                  subscribe.tokenGrant(),
                  dispatcher.wanted(subscribe.consumerId())));
    }
    if (joined && core.started()) {
      // After the deliveries above: the consumer then holds all this partition had for it.
      subscribe.consumer().tell(new Joined(id.topic(), id.partition(), subscribe.group()));
    } else if (joined) {
      pendingJoins.add(subscribe);
    }
    return Write.NONE;
  }

  Write onUnsubscribe(Unsubscribe unsubscribe, Moment now) {
    GroupDispatcher dispatcher = core.dispatchers().get(unsubscribe.group());
    if (dispatcher != null) {
      core.deadLetter(
          dispatcher, dispatcher.remove(unsubscribe.consumerId()), "its consumer left", now);
      core.dispatch(dispatcher, now);
    }
    return unsubscribe.replyTo() == null
        ? Write.NONE
        : Write.then(() -> unsubscribe.replyTo().tell(Done.getInstance()));
  }

  Write onConsumerTerminated(ConsumerTerminated terminated, Moment now) {
    watched.remove(terminated.consumer());
    for (GroupDispatcher dispatcher : core.dispatchers().all()) {
      core.deadLetter(
          dispatcher, dispatcher.removeRef(terminated.consumer()), "its consumer stopped", now);
    }
    core.dispatchAll(now);
    return Write.NONE;
  }

  /** Answers the joins that waited for the start (its deliveries went out first). */
  void started() {
    PartitionId id = core.id();
    pendingJoins.forEach(
        join -> join.consumer().tell(new Joined(id.topic(), id.partition(), join.group())));
    pendingJoins.clear();
  }
}
