package io.switchboard.simulator.scenario;

import com.typesafe.config.ConfigFactory;
import io.switchboard.simulator.engine.ProgressListener;
import io.switchboard.simulator.engine.Simulation;
import io.switchboard.simulator.report.RunResult;
import java.nio.file.Path;
import java.util.List;

/** Scenarios for tests, written inline as HOCON. */
public final class TestScenarios {
  private TestScenarios() {}

  /** Returns the scenario in {@code hocon} with {@code overrides} applied. */
  public static Scenario parse(String hocon, String... overrides) {
    return ScenarioLoader.fromConfig(
        ScenarioLoader.withOverrides(ConfigFactory.parseString(hocon), List.of(overrides)),
        Path.of("."));
  }

  /** Returns the bundled scenario {@code name} with {@code overrides} applied. */
  public static Scenario bundled(String name, String... overrides) {
    return ScenarioLoader.load(name, List.of(overrides));
  }

  /** Runs {@code scenario} without progress output. */
  public static RunResult run(Scenario scenario) {
    return new Simulation(scenario, ProgressListener.NONE).run();
  }
}
