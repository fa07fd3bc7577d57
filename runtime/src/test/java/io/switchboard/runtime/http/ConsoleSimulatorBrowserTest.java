package io.switchboard.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.simulator.scenario.BundledScenarios;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's Simulator page in Debian's headless Chromium against a real node with
 * authentication on: a bundled scenario with changed keys, a refused value, a sweep and an uploaded
 * scenario. Screenshots land in {@code target/console-screenshots}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleSimulatorBrowserTest {
  private ConsoleWalk walk;
  private JsonNode seen;

  @BeforeAll
  void walkThroughTheSimulator(@TempDir Path dir) throws Exception {
    walk = ConsoleWalk.start(dir);
    seen = walk.walk("console-simulator.mjs");
  }

  @AfterAll
  void stop() {
    if (walk != null) {
      walk.close();
    }
  }

  @Test
  void offersEveryBundledScenario() {
    List<String> offered = new ArrayList<>();
    seen.path("scenarios").forEach(name -> offered.add(name.asText()));
    assertThat(offered).containsAll(BundledScenarios.names());
    assertThat(seen.path("description").asText()).isEqualTo("M/M/1 at rho 0.8");
  }

  @Test
  void runsAScenarioWithChangedKeysAndChartsIt() {
    assertThat(seen.path("runTitle").asText())
        .isEqualTo("Result: mm1 with run.duration=\"2m\", run.warmup=\"10s\"");
    // M/M/1 at rho 0.8, 1 ms service: about 5 ms in the system
    assertThat(seen.path("latencyMean").asText()).matches("[3-7]\\.\\d+ ms");
    assertThat(seen.path("utilization").asText()).matches("(7\\d|8\\d)\\.\\d%");
    assertThat(seen.path("latencyChart").path("lines").asInt()).isEqualTo(2);
    assertThat(seen.path("latencyChart").path("polylines").asInt()).isEqualTo(2);
    assertThat(seen.path("latencyChart").path("points").asInt()).isGreaterThan(10);
    assertThat(seen.path("queueChart").path("peak").asDouble()).isPositive();
    assertThat(seen.path("workers").asInt()).isEqualTo(1);
  }

  @Test
  void saysWhyTheNodeRefusesAValue() {
    assertThat(seen.path("refusal").asText())
        .startsWith("INVALID_SCENARIO: ")
        .contains("workers.server.count");
  }

  @Test
  void sweepsAKeyAndDrawsTheCurve() {
    assertThat(seen.path("sweepChart").path("points").asInt()).isEqualTo(3);
    assertThat(seen.path("sweepChart").path("polylines").asInt()).isEqualTo(2);
    assertThat(seen.path("sweepP99")).hasSize(3);
    // one server queues, three barely do: the p99 of the first point is in milliseconds, above the
    // last
    assertThat(seen.path("sweepP99").get(0).asText()).endsWith("ms");
    assertThat(seen.path("sweepP99").get(0).asText())
        .isNotEqualTo(seen.path("sweepP99").get(2).asText());
  }

  @Test
  void runsAnUploadedScenarioWithAKeySetAsTheCommandWould() {
    assertThat(seen.path("uploadedWorkers").asInt()).isEqualTo(3);
  }

  @Test
  void runsWithoutScriptErrorsAndKeepsScreenshots() {
    assertThat(seen.path("pageErrors")).isEmpty();
    // the browser logs the one refused run (400) itself; nothing else may fail
    List<String> errors = new ArrayList<>();
    seen.path("consoleErrors").forEach(error -> errors.add(error.asText()));
    assertThat(errors)
        .hasSizeLessThanOrEqualTo(1)
        .allMatch(error -> error.contains("status of 400") && error.contains("/v1/simulator/runs"));
    for (String page : List.of("simulator-run", "simulator-sweep")) {
      assertThat(ConsoleWalk.SHOTS.resolve(page + ".png")).isNotEmptyFile();
    }
  }
}
