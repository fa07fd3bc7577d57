package io.switchboard.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.simulator.engine.ProgressListener;
import io.switchboard.simulator.engine.Simulation;
import io.switchboard.simulator.report.Summary;
import io.switchboard.simulator.scenario.BundledScenarios;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /v1/simulator} on a real node over HTTP: the scenarios, a run, a sweep and every refusal.
 */
class SimulatorRoutesTest extends RunningNodeTest {
  private static final List<String> SHORT =
      List.of("run.duration=2m", "run.warmup=10s", "run.drain=1m");
  private static final String MINIMAL =
      """
      streams.web.arrival { process = poisson, rate = 100 }
      workers.gpu { count = 2, service { model = exponential, mean = 10ms } }
      run { duration = 1m, warmup = 5s }
      """;

  @Override
  String config() {
    return SMALL_LIMITS
        + "\nswitchboard.console.simulator { max-run-time = 5s, max-sweep-points = 5,"
        + " max-scenario-bytes = 4 KiB, max-messages = 1000000000 }\n";
  }

  @Test
  void listsTheBundledScenariosWithTheirKeysTextAndTheLimits() {
    ApiClient.Answer answer = api.get("/v1/simulator/scenarios");

    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    JsonNode scenarios = answer.json().path("scenarios");
    List<String> names = new ArrayList<>();
    scenarios.forEach(s -> names.add(s.path("name").asText()));
    assertThat(names).containsExactlyElementsOf(BundledScenarios.names());
    JsonNode mm1 = scenarios.get(0);
    assertThat(mm1.path("description").asText()).isEqualTo("M/M/1 at rho 0.8");
    assertThat(mm1.path("text").asText()).contains("rate = 800");
    assertThat(mm1.path("keys").toString())
        .contains("{\"key\":\"workers.server.count\",\"value\":\"1\",\"type\":\"NUMBER\"}")
        .contains("{\"key\":\"run.duration\",\"value\":\"20m\",\"type\":\"STRING\"}")
        .doesNotContain("\"description\"");
    assertThat(answer.json().path("limits").path("maxSweepPoints").asInt()).isEqualTo(5);
    assertThat(answer.json().path("limits").path("maxRunTimeMs").asLong()).isEqualTo(5000);
  }

  @Test
  void runsABundledScenarioWithOverridesAsTheCommandWould() {
    ApiClient.Answer answer =
        api.post("/v1/simulator/runs", Map.of("scenario", "mm1", "set", SHORT));

    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    JsonNode run = answer.json();
    Summary direct =
        new Simulation(BundledScenarios.load("mm1", SHORT), ProgressListener.NONE).run().summary();
    assertThat(run.path("scenario").asText()).isEqualTo("mm1");
    assertThat(run.path("set").toString())
        .isEqualTo("[\"run.duration=2m\",\"run.warmup=10s\",\"run.drain=1m\"]");
    assertThat(run.path("summary").path("messages").asLong())
        .isEqualTo(direct.messages())
        .isPositive();
    // M/M/1 at rho 0.8 with a 1 ms service: 5 ms in the system on average
    assertThat(run.path("summary").path("latency").path("mean").asDouble()).isBetween(0.003, 0.008);
    assertThat(run.path("meanUtilization").asDouble()).isBetween(0.7, 0.9);
    assertThat(run.path("series").size()).isGreaterThan(10);
    assertThat(run.path("series").get(0).has("queueDepth")).isTrue();
    assertThat(run.path("summary").path("workers").get(0).path("kind").asText())
        .isEqualTo("server");
  }

  @Test
  void runsAScenarioSentAsText() {
    ApiClient.Answer answer =
        api.post(
            "/v1/simulator/runs", Map.of("text", MINIMAL, "set", List.of("workers.gpu.count=3")));

    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    assertThat(answer.json().path("scenario").asText()).isEqualTo("text");
    assertThat(answer.json().path("summary").path("workers").size()).isEqualTo(3);
  }

  @Test
  void sweepsAKeyWithOnePointPerValue() {
    ApiClient.Answer answer =
        api.post(
            "/v1/simulator/sweeps",
            Map.of(
                "scenario",
                "mm1",
                "set",
                SHORT,
                "key",
                "workers.server.count",
                "from",
                1,
                "to",
                3));

    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    JsonNode points = answer.json().path("points");
    assertThat(answer.json().path("key").asText()).isEqualTo("workers.server.count");
    assertThat(points.size()).isEqualTo(3);
    assertThat(points.get(0).path("value").asInt()).isEqualTo(1);
    assertThat(points.get(2).path("value").asInt()).isEqualTo(3);
    // more servers, less queueing: the curve falls
    assertThat(points.get(0).path("latency").path("p99").asDouble())
        .isGreaterThan(points.get(1).path("latency").path("p99").asDouble());
    assertThat(points.get(0).path("meanUtilization").asDouble())
        .isGreaterThan(points.get(2).path("meanUtilization").asDouble());
  }

  @Test
  void refusesAnInvalidScenarioNamingTheProblem() {
    assertRefused(
        api.post("/v1/simulator/runs", Map.of("text", MINIMAL.replace("count = 2", "count = -2"))),
        400,
        "INVALID_SCENARIO",
        "workers.gpu.count");
    assertRefused(
        api.post("/v1/simulator/runs", Map.of("text", "include file(\"/etc/passwd\")\n" + MINIMAL)),
        400,
        "INVALID_SCENARIO",
        "refused include file(\"/etc/passwd\")");
    assertRefused(
        api.post("/v1/simulator/runs", Map.of("text", MINIMAL + "description = ${HOME}\n")),
        400,
        "INVALID_SCENARIO",
        "refused a substitution");
    assertRefused(
        api.post(
            "/v1/simulator/runs",
            Map.of(
                "text",
                MINIMAL.replace(
                    "process = poisson, rate = 100", "process = trace, file = \"/etc/passwd\""))),
        400,
        "INVALID_SCENARIO",
        "a trace is a file on the node's disk");
    assertRefused(
        api.post("/v1/simulator/runs", Map.of("scenario", "mm1", "set", List.of("nonsense"))),
        400,
        "INVALID_SCENARIO",
        "expected key=value");
    assertRefused(
        api.post("/v1/simulator/runs", Map.of("scenario", "mm1", "text", MINIMAL)),
        400,
        "INVALID_SCENARIO",
        "not both or neither");
    assertRefused(
        api.post("/v1/simulator/runs", Map.of("text", MINIMAL + "#".repeat(5000))),
        400,
        "INVALID_SCENARIO",
        "max-scenario-bytes");
    assertRefused(
        api.post(
            "/v1/simulator/sweeps",
            Map.of("scenario", "mm1", "key", "workers.server.count", "from", 1, "to", 6)),
        400,
        "INVALID_SCENARIO",
        "6 points, more than 5");
    assertRefused(
        api.post("/v1/simulator/sweeps", Map.of("scenario", "mm1", "key", "workers.server.count")),
        400,
        "INVALID_SCENARIO",
        "a sweep needs");
    assertRefused(
        api.postRaw(
            "/v1/simulator/runs", "application/json", "{\"scenario\":\"mm1\",\"set\":[null]}"),
        400,
        "INVALID_SCENARIO",
        "got a null");
    assertRefused(
        api.post("/v1/simulator/runs", Map.of("scenario", "mm1", "seed", 3)),
        400,
        "INVALID_ARGUMENT",
        "seed");
  }

  @Test
  void answersAnUnknownScenarioWithNotFound() {
    assertRefused(
        api.post("/v1/simulator/runs", Map.of("scenario", "no-such")),
        404,
        "UNKNOWN_SCENARIO",
        "no bundled scenario 'no-such', expected one of [mm1, heterogeneous, chat-llm, tenant-flood]");
  }

  @Test
  void runsOneAtATimeAndStopsARunAtTheRunTimeLimit() {
    // arrivals for ten thousand virtual hours: only the run-time limit ends it
    Map<String, Object> endless = Map.of("scenario", "mm1", "set", List.of("run.duration=600000m"));
    CompletableFuture<ApiClient.Answer> first =
        CompletableFuture.supplyAsync(() -> api.post("/v1/simulator/runs", endless));
    CompletableFuture<ApiClient.Answer> second =
        CompletableFuture.supplyAsync(() -> api.post("/v1/simulator/runs", endless));
    List<ApiClient.Answer> answers = List.of(first.join(), second.join());

    ApiClient.Answer busy =
        answers.stream()
            .filter(a -> a.status() == 429)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no run was refused as busy: " + answers));
    ApiClient.Answer stopped = answers.get(1 - answers.indexOf(busy));
    assertRefused(busy, 429, "SIMULATOR_BUSY", "max-concurrent-runs");
    assertThat(busy.response().headers().firstValue("Retry-After")).hasValue("5");
    assertRefused(stopped, 422, "SIMULATION_STOPPED", "switchboard.console.simulator.max-run-time");
    // the slot is free again once the run stopped
    assertThat(api.post("/v1/simulator/runs", Map.of("text", MINIMAL)).status()).isEqualTo(200);
  }

  @Test
  void answersOffWhenTheSimulatorIsDisabled(@TempDir Path dir) throws Exception {
    try (TestNode off = TestNode.start(dir, "switchboard.console.simulator.enabled = off\n")) {
      ApiClient client = off.client();
      assertRefused(
          client.get("/v1/simulator/scenarios"),
          503,
          "SIMULATOR_OFF",
          "switchboard.console.simulator.enabled");
      assertRefused(
          client.post("/v1/simulator/runs", Map.of("scenario", "mm1")),
          503,
          "SIMULATOR_OFF",
          "off");
      assertRefused(
          client.post("/v1/simulator/sweeps", Map.of("scenario", "mm1")),
          503,
          "SIMULATOR_OFF",
          "off");
    }
  }

  private static void assertRefused(
      ApiClient.Answer answer, int status, String code, String message) {
    assertThat(answer.status()).as(answer.text()).isEqualTo(status);
    assertThat(answer.errorCode()).as(answer.text()).isEqualTo(code);
    assertThat(answer.json().path("error").path("message").asText())
        .as(answer.text())
        .contains(message);
  }
}
