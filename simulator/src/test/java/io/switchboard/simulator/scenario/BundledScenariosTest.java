package io.switchboard.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every scenario the simulator ships loads as a server reads it; what would read the server's disk
 * is refused.
 */
class BundledScenariosTest {
  private static final String MINIMAL =
      """
      streams.web.arrival { process = poisson, rate = 100 }
      workers.gpu { count = 2, service { model = exponential, mean = 10ms } }
      """;

  @Test
  void listsEveryScenarioOfTheScenariosFolder() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("src", "main", "resources", "scenarios"))) {
      List<String> shipped =
          files.map(f -> f.getFileName().toString().replaceFirst("\\.conf$", "")).toList();
      assertThat(BundledScenarios.names()).containsExactlyInAnyOrderElementsOf(shipped);
    }
  }

  @Test
  void everyBundledScenarioLoadsFromItsTextWithItsDescription() {
    for (BundledScenarios.Bundled bundled : BundledScenarios.all()) {
      Scenario scenario = ScenarioLoader.fromText(bundled.text(), List.of());
      assertThat(scenario.streams()).as(bundled.name()).isNotEmpty();
      assertThat(scenario.workerCount()).as(bundled.name()).isPositive();
      assertThat(bundled.description())
          .as(bundled.name())
          .isNotEqualTo(bundled.name())
          .isNotBlank();
    }
  }

  @Test
  void loadsABundledScenarioByNameWithOverrides() {
    Scenario scenario = BundledScenarios.load("heterogeneous", List.of("workers.fast.count=5"));

    assertThat(scenario.kinds())
        .filteredOn(k -> k.name().equals("fast"))
        .singleElement()
        .extracting(WorkerKind::count)
        .isEqualTo(5);
    assertThat(BundledScenarios.find("nope")).isEmpty();
    assertThatThrownBy(() -> BundledScenarios.load("nope", List.of()))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("no bundled scenario 'nope'");
  }

  @Test
  void refusesIncludesOfEveryKind() {
    for (String include :
        List.of(
            "include \"other.conf\"",
            "include file(\"/etc/passwd\")",
            "include url(\"http://127.0.0.1:1/x.conf\")",
            "include classpath(\"reference.conf\")",
            "include required(file(\"/etc/hostname\"))")) {
      assertThatThrownBy(() -> ScenarioLoader.fromText(include + "\n" + MINIMAL, List.of()))
          .as(include)
          .isInstanceOf(ScenarioException.class)
          .hasMessageContaining("refused include");
    }
  }

  @Test
  void refusesAnIncludeInAnOverride() {
    assertThatThrownBy(
            () -> ScenarioLoader.fromText(MINIMAL, List.of("x={ include file(\"/etc/passwd\") }")))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("refused include");
  }

  @Test
  void refusesSubstitutionsFromTheEnvironmentButNotFromItsOwnKeys() {
    assertThatThrownBy(
            () -> ScenarioLoader.fromText(MINIMAL + "description = ${HOME}\n", List.of()))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("refused a substitution")
        .hasMessageContaining("HOME");
    assertThatThrownBy(
            () -> ScenarioLoader.fromText(MINIMAL + "description = ${java.home}\n", List.of()))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("refused a substitution");

    Scenario own =
        ScenarioLoader.fromText(MINIMAL + "fabric.partitions = ${workers.gpu.count}\n", List.of());
    assertThat(own.fabric().partitions()).isEqualTo(2);
  }

  @Test
  void refusesATraceFile() {
    String trace =
        MINIMAL.replace(
            "{ process = poisson, rate = 100 }", "{ process = trace, file = \"/etc/passwd\" }");

    assertThatThrownBy(() -> ScenarioLoader.fromText(trace, List.of()))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("refused: a trace is a file on the node's disk");
  }

  @Test
  void saysWhereTheTextIsNotHocon() {
    assertThatThrownBy(() -> ScenarioLoader.fromText("streams { ", List.of()))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("cannot parse the scenario");
  }
}
