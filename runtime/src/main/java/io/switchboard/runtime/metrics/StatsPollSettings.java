package io.switchboard.runtime.metrics;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * How the node polls partition stats for its metrics ({@code switchboard.node.stats-*}).
 *
 * @param interval time between two polls
 * @param parallelism most stats requests in flight at once during a poll
 * @param askTimeout how long one partition may take to answer before the poll skips it
 */
public record StatsPollSettings(Duration interval, int parallelism, Duration askTimeout) {

  public StatsPollSettings {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException(
          "switchboard.node.stats-interval must be positive, got " + interval);
    }
    if (parallelism < 1 || parallelism > 1024) {
      throw new IllegalArgumentException(
          "switchboard.node.stats-parallelism must be between 1 and 1024, got " + parallelism);
    }
    if (askTimeout.isNegative() || askTimeout.isZero()) {
      throw new IllegalArgumentException(
          "the stats ask timeout must be positive, got " + askTimeout);
    }
  }

  /** Reads {@code switchboard.node} and the library's {@code switchboard.ask-timeout}. */
  public static StatsPollSettings fromConfig(Config switchboard) {
    Config node = switchboard.getConfig("node");
    return new StatsPollSettings(
        node.getDuration("stats-interval"),
        node.getInt("stats-parallelism"),
        switchboard.getDuration("ask-timeout"));
  }
}
