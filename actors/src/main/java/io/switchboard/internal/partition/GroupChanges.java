package io.switchboard.internal.partition;

import io.switchboard.ErrorCode;
import io.switchboard.internal.protocol.PartitionProtocol.AddGroup;
import io.switchboard.internal.protocol.PartitionProtocol.Remove;
import io.switchboard.internal.protocol.PartitionProtocol.RemoveGroup;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.Done;

/**
 * Adds and removes a partition's groups (and replayed messages) through its journal: the
 * dispatchers change only once the event is written.
 */
final class GroupChanges {
  private final PartitionCore core;

  GroupChanges(PartitionCore core) {
    this.core = core;
  }

  Write onAddGroup(AddGroup add) {
    if (core.dispatchers().contains(add.group())) {
      return Write.then(() -> add.replyTo().tell(Done.getInstance()));
    }
    return new Write(
        List.of(new PartitionEvent.GroupAdded(add.group(), add.config())),
        () -> {
          start(add.group());
          add.replyTo().tell(Done.getInstance());
        });
  }

  Write onEnsureGroups(PartitionCore.EnsureGroups ensure) {
    List<PartitionEvent.GroupAdded> missing = new ArrayList<>();
    ensure
        .groups()
        .forEach(
            (group, groupConfig) -> {
              if (!core.dispatchers().contains(group)) {
                missing.add(new PartitionEvent.GroupAdded(group, groupConfig));
              }
            });
    return new Write(List.copyOf(missing), () -> missing.forEach(event -> start(event.group())));
  }

  Write onRemoveGroup(RemoveGroup remove) {
    if (!core.dispatchers().contains(remove.group())) {
      return Write.then(() -> remove.replyTo().tell(Done.getInstance()));
    }
    return new Write(
        List.of(new PartitionEvent.GroupRemoved(remove.group())),
        () -> {
          GroupDispatcher removed = core.dispatchers().remove(remove.group());
          core.dispatchers()
              .tellGone(
                  removed,
                  ErrorCode.UNKNOWN_GROUP,
                  "group '"
                      + remove.group()
                      + "' of topic '"
                      + core.id().topic()
                      + "' was deleted");
          remove.replyTo().tell(Done.getInstance());
        });
  }

  /** Tells every consumer that the topic is gone; the partition stops next. */
  Write onTopicDeleted() {
    core.dispatchers()
        .all()
        .forEach(
            d ->
                core.dispatchers()
                    .tellGone(
                        d,
                        ErrorCode.UNKNOWN_TOPIC,
                        "topic '" + core.id().topic() + "' was deleted"));
    core.dispatchers().clear();
    return Write.NONE;
  }

  Write onRemove(Remove remove) {
    long[] offsets = remove.offsets().stream().mapToLong(Long::longValue).toArray();
    return new Write(
        List.of(new PartitionEvent.Removed(offsets)),
        () -> {
          core.dispatchers().all().forEach(d -> d.forget(remove.offsets()));
          remove.replyTo().tell(Done.getInstance());
        });
  }

  private void start(String group) {
    core.dispatchers().add(group, core.state(), core.started());
  }
}
