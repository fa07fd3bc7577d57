package io.switchboard.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.balance.Balancing;
import io.switchboard.simulator.traffic.ArrivalSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScenarioLoaderTest {
  private static final String MINIMAL =
      """
      streams.web.arrival { process = poisson, rate = 100 }
      workers.gpu { count = 2, service { model = exponential, mean = 10ms } }
      """;

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"mm1", "heterogeneous", "chat-llm"})
  void readsBundledScenarios(String name) {
    Scenario scenario = ScenarioLoader.load(name, List.of());

    assertThat(scenario.streams()).isNotEmpty();
    assertThat(scenario.workerCount()).isPositive();
  }

  @Test
  void readsChatScenarioDetails() {
    Scenario chat = ScenarioLoader.load("chat-llm", List.of());

    assertThat(chat.kinds()).extracting(WorkerKind::name).containsExactly("a10", "h100");
    assertThat(chat.fabric().balancing()).isEqualTo(Balancing.LEAST_OUTSTANDING);
    assertThat(chat.streams().get(0).arrival()).isInstanceOf(ArrivalSpec.Daily.class);
    assertThat(chat.faults()).singleElement().extracting(FaultSpec::worker).isEqualTo("h100-1");
    assertThat(chat.network().matrix(chat.nodes())[0][2]).isEqualTo(2_000_000L);
  }

  @Test
  void appliesOverridesOverTheFile() throws IOException {
    Scenario scenario = load(MINIMAL, "workers.gpu.count=6", "fabric.balancing=weighted");

    assertThat(scenario.kinds().get(0).count()).isEqualTo(6);
    assertThat(scenario.fabric().balancing()).isEqualTo(Balancing.WEIGHTED);
  }

  @Test
  void appliesDefaults() throws IOException {
    Scenario scenario = load(MINIMAL);

    assertThat(scenario.nodes()).containsExactly("local");
    assertThat(scenario.fabric().partitions()).isEqualTo(1);
    assertThat(scenario.fabric().maxAttempts()).isEqualTo(5);
    assertThat(scenario.run().warmupNanos()).isEqualTo(scenario.run().durationNanos() / 10);
  }

  @Test
  void namesKeyWithWrongType() {
    assertThatThrownBy(() -> load(MINIMAL, "workers.gpu.count=six"))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("workers.gpu.count")
        .hasMessageContaining("six");
  }

  @Test
  void namesMisspelledKeyAndListsTheKnownOnes() {
    assertThatThrownBy(() -> load(MINIMAL + "workers.gpu.concurency = 4\n"))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("unknown key 'workers.gpu.concurency'")
        .hasMessageContaining("concurrency");
  }

  @Test
  void namesKeyOutOfRangeWithTheValue() {
    assertThatThrownBy(() -> load(MINIMAL, "fabric.partitions=0"))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("fabric.partitions")
        .hasMessageContaining("got 0");
  }

  @Test
  void readsAStreamsBandAndTenantAndRefusesAnUnknownBand() throws IOException {
    Scenario scenario =
        load(MINIMAL, "streams.web.priority=interactive", "streams.web.tenant=acme");
    assertThat(scenario.streams().get(0).priority()).isEqualTo("interactive");
    assertThat(scenario.streams().get(0).tenant()).isEqualTo("acme");
    assertThat(load(MINIMAL).streams().get(0).scheduled()).isFalse();

    assertThatThrownBy(() -> load(MINIMAL, "streams.web.priority=urgent"))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("streams.web.priority")
        .hasMessageContaining("[interactive, default, batch]")
        .hasMessageContaining("urgent");
  }

  @Test
  void namesUnknownBalancingStrategy() {
    assertThatThrownBy(() -> load(MINIMAL, "fabric.balancing=fastest"))
        .hasMessageContaining("fabric.balancing")
        .hasMessageContaining("least-outstanding");
  }

  @Test
  void namesUnknownArrivalProcess() {
    assertThatThrownBy(() -> load(MINIMAL, "streams.web.arrival.process=burst"))
        .hasMessageContaining("streams.web.arrival.process")
        .hasMessageContaining("on-off");
  }

  @Test
  void namesMissingService() {
    assertThatThrownBy(
            () ->
                load(
                    """
        streams.web.arrival { process = poisson, rate = 100 }
        workers.gpu { count = 2 }
        """))
        .hasMessageContaining("missing key 'workers.gpu.service'");
  }

  @Test
  void namesBadDuration() {
    assertThatThrownBy(() -> load(MINIMAL, "workers.gpu.service.mean=fast"))
        .hasMessageContaining("workers.gpu.service.mean")
        .hasMessageContaining("fast");
  }

  @Test
  void namesFaultOnUnknownWorkerByListIndex() {
    assertThatThrownBy(
            () -> load(MINIMAL + "faults = [{ at = 1m, down-for = 1m, worker = tpu-0 }]"))
        .hasMessageContaining("faults[0].worker")
        .hasMessageContaining("tpu-0");
  }

  @Test
  void namesUnknownNode() {
    assertThatThrownBy(() -> load(MINIMAL, "streams.web.node=moon"))
        .hasMessageContaining("streams.web.node")
        .hasMessageContaining("moon");
  }

  @Test
  void rejectsWarmupNotShorterThanDuration() {
    assertThatThrownBy(() -> load(MINIMAL, "run.duration=1m", "run.warmup=2m"))
        .hasMessageContaining("run.warmup");
  }

  @Test
  void explainsMalformedOverride() {
    assertThatThrownBy(() -> load(MINIMAL, "workers.gpu.count"))
        .hasMessageContaining("--set workers.gpu.count")
        .hasMessageContaining("key=value");
  }

  @Test
  void reportsMissingFile() {
    assertThatThrownBy(() -> ScenarioLoader.load(dir.resolve("nope.conf").toString(), List.of()))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("nope.conf");
  }

  @Test
  void resolvesTraceFileNextToTheScenario() throws IOException {
    Files.writeString(dir.resolve("trace.csv"), "timestamp,size\n0.0,10\n0.5,20\n");
    Scenario scenario =
        load(MINIMAL + "streams.web.arrival { process = trace, file = trace.csv, rate = null }\n");

    assertThat(scenario.streams().get(0).arrival())
        .isEqualTo(new ArrivalSpec.Trace(dir.resolve("trace.csv"), 1));
  }

  private Scenario load(String text, String... overrides) throws IOException {
    Path file = dir.resolve("scenario.conf");
    Files.writeString(file, text);
    return ScenarioLoader.load(file.toString(), List.of(overrides));
  }
}
