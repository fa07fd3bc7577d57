package io.switchboard.internal.journal;

import io.switchboard.message.CborSerializable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * A persistent counter for the plugin tests: snapshots every 3 events and deletes the older ones.
 */
final class Counter extends EventSourcedBehavior<Counter.Command, Counter.Added, Integer> {
  interface Command {}

  record Add(int amount, ActorRef<Integer> replyTo) implements Command {}

  record Get(ActorRef<Integer> replyTo) implements Command {}

  record Added(int amount) implements CborSerializable {}

  Counter(String id) {
    super(PersistenceId.ofUniqueId(id));
  }

  @Override
  public Integer emptyState() {
    return 0;
  }

  @Override
  public CommandHandler<Command, Added, Integer> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(
            Add.class,
            (state, add) ->
                Effect().persist(new Added(add.amount())).thenReply(add.replyTo(), total -> total))
        .onCommand(Get.class, (state, get) -> Effect().reply(get.replyTo(), state))
        .build();
  }

  @Override
  public EventHandler<Integer, Added> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(Added.class, (state, added) -> state + added.amount())
        .build();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(3, 1).withDeleteEventsOnSnapshot();
  }
}
