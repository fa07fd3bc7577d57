package io.switchboard.internal.partition;

import io.switchboard.internal.protocol.PartitionProtocol.*;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Which of the core's handlers takes which command, by the command's class; a command without a
 * handler is a bug (a new command not wired here) and fails the partition loudly.
 */
final class CommandHandlers {
  private final Map<Class<?>, BiFunction<Command, Moment, Write>> byClass = new HashMap<>();
  private final PartitionId id;

  private CommandHandlers(PartitionId id) {
    this.id = id;
  }

  static CommandHandlers of(PartitionCore core, ConsumerMembership consumers) {
    GroupChanges groups = new GroupChanges(core);
    CommandHandlers handlers = new CommandHandlers(core.id());
    handlers.on(Publish.class, core::onPublish);
    handlers.on(PartitionCore.Flush.class, (flush, now) -> core.onFlush(now));
    handlers.on(Settle.class, core::onSettle);
    handlers.on(PartitionCore.WriteSettles.class, (write, now) -> core.onWriteSettles());
    handlers.on(Subscribe.class, consumers::onSubscribe);
    handlers.on(Unsubscribe.class, consumers::onUnsubscribe);
    handlers.on(PartitionCore.Tick.class, (tick, now) -> core.onTick(now));
    handlers.on(ConsumerMembership.ConsumerTerminated.class, consumers::onConsumerTerminated);
    handlers.on(PartitionCore.DeadLettersStored.class, core::onDeadLettersStored);
    handlers.on(LoadReporter.Received.class, (received, now) -> core.onGroupLoad(received));
    handlers.on(GetStats.class, (get, now) -> core.onStats(get));
    handlers.on(Browse.class, (browse, now) -> core.onBrowse(browse));
    handlers.on(PageReader.Replayed.class, (replayed, now) -> core.onReplayed(replayed));
    handlers.on(PageReader.ReplayDone.class, core::onReplayDone);
    handlers.on(JournalAccess.Deleted.class, (deleted, now) -> core.onDeleted(deleted));
    handlers.on(AddGroup.class, (add, now) -> groups.onAddGroup(add));
    handlers.on(RemoveGroup.class, (remove, now) -> groups.onRemoveGroup(remove));
    handlers.on(PartitionCore.EnsureGroups.class, (ensure, now) -> groups.onEnsureGroups(ensure));
    handlers.on(Remove.class, (remove, now) -> groups.onRemove(remove));
    handlers.on(TopicDeleted.class, (deleted, now) -> groups.onTopicDeleted());
    return handlers;
  }

  private <C extends Command> void on(Class<C> type, BiFunction<C, Moment, Write> handler) {
    byClass.put(type, (command, now) -> handler.apply(type.cast(command), now));
  }

  /**
   * Runs the handler of {@code command}'s class; throws IllegalStateException when there is none.
   */
  Write handle(Command command, Moment now) {
    BiFunction<Command, Moment, Write> handler = byClass.get(command.getClass());
    if (handler == null) {
      throw new IllegalStateException(
          "partition "
              + id.entityId()
              + " has no handler for command "
              + command.getClass().getName()
              + ": "
              + command);
    }
    return handler.apply(command, now);
  }
}
