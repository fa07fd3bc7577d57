package io.switchboard.internal.partition;

import com.typesafe.config.Config;
import io.switchboard.settings.CheckedConfig;
import io.switchboard.settings.RestartBackoff;

/**
 * What every partition of a node shares: settings, topic lookup, the dead-letter route, the clock
 * (the system's in production, one moved by hand in tests) and how a failed partition restarts
 * ({@code switchboard.partition.restart-backoff}).
 */
public record PartitionEnvironment(
    PartitionSettings settings,
    TopicResolver topics,
    DeadLetterRoute deadLetters,
    TimeSource clock,
    RestartBackoff restart) {

  /**
   * Reads the settings from the {@code switchboard} config block; the partitions use the system
   * clock.
   */
  public static PartitionEnvironment of(
      Config switchboard, TopicResolver topics, DeadLetterRoute deadLetters) {
    return new PartitionEnvironment(
        PartitionSettings.fromConfig(switchboard),
        topics,
        deadLetters,
        TimeSource.system(),
        RestartBackoff.fromConfig(CheckedConfig.at(switchboard, "switchboard").block("partition")));
  }
}
