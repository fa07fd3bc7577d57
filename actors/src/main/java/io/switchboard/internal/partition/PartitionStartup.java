package io.switchboard.internal.partition;

import io.switchboard.ErrorCode;
import io.switchboard.internal.protocol.PartitionProtocol;
import io.switchboard.internal.protocol.PartitionProtocol.Command;
import io.switchboard.internal.topic.TopicEntry;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** Holds a partition's first commands until its topic settings are known. */
final class PartitionStartup {
  private record Resolved(Optional<TopicEntry> topic, Throwable failure) implements Command {}

  private PartitionStartup() {}

  /** Tells a consumer that subscribes to a deleted topic's partition to end. */
  private static void refuse(PartitionId id, Command command) {
    if (command instanceof PartitionProtocol.Subscribe subscribe) {
      subscribe
          .consumer()
          .tell(
              new PartitionProtocol.Gone(
                  id.topic(),
                  id.partition(),
                  subscribe.group(),
                  ErrorCode.UNKNOWN_TOPIC.name(),
                  "topic '" + id.topic() + "' was deleted"));
    }
  }

  static Behavior<Command> create(
      PartitionId id,
      PartitionEnvironment environment,
      Function<TopicEntry, Behavior<Command>> running) {
    return Behaviors.setup(
        context ->
            Behaviors.withStash(
                environment.settings().startupStash(),
                stash -> {
                  context.pipeToSelf(environment.topics().resolve(id), Resolved::new);
                  return Behaviors.receive(Command.class)
                      .onMessage(
                          Resolved.class,
                          resolved -> {
                            if (resolved.failure() != null) {
                              context
                                  .getLog()
                                  .warn(
                                      "{}: topic lookup failed, retrying on next command",
                                      id,
                                      resolved.failure());
                              return Behaviors.stopped();
                            }
                            if (resolved.topic().isEmpty()) {
                              context.getLog().info("{}: topic no longer exists, stopping", id);
                              stash.forEach(command -> refuse(id, command));
                              return Behaviors.stopped();
                            }
                            return stash.unstashAll(running.apply(resolved.topic().get()));
                          })
                      .onAnyMessage(
                          command -> {
                            stash.stash(command);
                            return Behaviors.same();
                          })
                      .build();
                }));
  }
}
