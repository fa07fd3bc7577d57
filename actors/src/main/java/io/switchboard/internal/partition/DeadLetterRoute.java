package io.switchboard.internal.partition;

import io.switchboard.internal.protocol.PartitionProtocol.Command;
import org.apache.pekko.actor.typed.RecipientRef;

/** Finds the partition that stores a topic's dead letters (null when there is none). */
@FunctionalInterface
public interface DeadLetterRoute {
  RecipientRef<Command> deadLetterPartition(String topic);
}
