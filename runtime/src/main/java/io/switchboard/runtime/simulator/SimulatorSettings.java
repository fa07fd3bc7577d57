package io.switchboard.runtime.simulator;

import com.typesafe.config.Config;
import io.switchboard.settings.CheckedConfig;
import java.time.Duration;

/**
 * The settings of the node's simulator ({@code switchboard.console.simulator}).
 *
 * @param enabled whether {@code /v1/simulator} runs scenarios (off: 503 SIMULATOR_OFF)
 * @param maxRunTime wall time one run or one whole sweep may take before it is stopped
 * @param maxConcurrentRuns runs and sweeps at once on this node; one more is refused
 * @param maxScenarioBytes the largest scenario text a client may send
 * @param maxSweepPoints the most values one sweep may run
 * @param maxMessages the most messages one run may simulate before it is stopped
 * @param maxSeriesPoints the most time-series rows one answer carries (longer series are thinned)
 */
public record SimulatorSettings(
    boolean enabled,
    Duration maxRunTime,
    int maxConcurrentRuns,
    int maxScenarioBytes,
    int maxSweepPoints,
    long maxMessages,
    int maxSeriesPoints) {
  private static final String PREFIX = "switchboard.console.simulator.";

  /** Checks each value, naming the key, the allowed range and the value received. */
  public SimulatorSettings {
    if (maxRunTime.isNegative() || maxRunTime.isZero()) {
      throw new IllegalArgumentException(
          PREFIX + "max-run-time must be positive, got " + maxRunTime.toMillis() + "ms");
    }
    atLeastOne("max-concurrent-runs", maxConcurrentRuns);
    atLeastOne("max-scenario-bytes", maxScenarioBytes);
    atLeastOne("max-sweep-points", maxSweepPoints);
    atLeastOne("max-messages", maxMessages);
    if (maxSeriesPoints < 2) {
      throw new IllegalArgumentException(
          PREFIX + "max-series-points must be at least 2, got " + maxSeriesPoints);
    }
  }

  /** Reads {@code console.simulator} from the {@code switchboard} config. */
  public static SimulatorSettings fromConfig(Config switchboard) {
    Config c = switchboard.getConfig("console.simulator");
    // a size read as an int would wrap (4 GiB: 0); read checked, naming the key and the file
    int maxScenarioBytes =
        CheckedConfig.at(switchboard, "switchboard")
            .block("console.simulator")
            .intBytes("max-scenario-bytes", 1);
    return new SimulatorSettings(
        c.getBoolean("enabled"),
        c.getDuration("max-run-time"),
        c.getInt("max-concurrent-runs"),
        maxScenarioBytes,
        c.getInt("max-sweep-points"),
        c.getLong("max-messages"),
        c.getInt("max-series-points"));
  }

  private static void atLeastOne(String key, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(PREFIX + key + " must be at least 1, got " + value);
    }
  }
}
