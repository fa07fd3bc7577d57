package io.switchboard.partition;

import com.typesafe.config.Config;

/** What every partition of a node shares: settings, topic lookup and the dead-letter route. */
public record PartitionEnvironment(
    PartitionSettings settings, TopicResolver topics, DeadLetterRoute deadLetters) {

  /** Reads the settings from the {@code switchboard} config block. */
  public static PartitionEnvironment of(Config switchboard, TopicResolver topics, DeadLetterRoute deadLetters) {
    return new PartitionEnvironment(PartitionSettings.fromConfig(switchboard), topics, deadLetters);
  }
}
