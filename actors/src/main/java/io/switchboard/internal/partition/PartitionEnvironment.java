package io.switchboard.internal.partition;

import com.typesafe.config.Config;

/**
 * What every partition of a node shares: settings, topic lookup, the dead-letter route and the
 * clock (the system's in production, one moved by hand in tests).
 */
public record PartitionEnvironment(
    PartitionSettings settings,
    TopicResolver topics,
    DeadLetterRoute deadLetters,
    TimeSource clock) {

  /**
   * Reads the settings from the {@code switchboard} config block; the partitions use the system
   * clock.
   */
  public static PartitionEnvironment of(
      Config switchboard, TopicResolver topics, DeadLetterRoute deadLetters) {
    return new PartitionEnvironment(
        PartitionSettings.fromConfig(switchboard), topics, deadLetters, TimeSource.system());
  }
}
