package io.switchboard.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimulateCommandTest {
  private static final String QUEUE =
      """
      run { duration = 5m, warmup = 30s, seed = 5 }
      streams.jobs.arrival { process = poisson, rate = 50 }
      workers.server { count = 8, service { model = exponential, mean = 100ms } }
      """;

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void writesReportsAndPrintsTableAndRate() throws IOException {
    int code = execute(scenario(), "--out", dir.resolve("out").toString(), "-q");

    assertThat(code).isZero();
    assertThat(out.toString()).contains("messages/s", "latency", "queue wait", "server-7");
    assertThat(dir.resolve("out"))
        .isDirectoryContaining("glob:**/summary.json")
        .isDirectoryContaining("glob:**/timeseries.csv")
        .isDirectoryContaining("glob:**/latency-cdf.png")
        .isDirectoryContaining("glob:**/latency-tail.png")
        .isDirectoryContaining("glob:**/queue-depth.png")
        .isDirectoryContaining("glob:**/utilization.png");
    assertThat(Files.readAllLines(dir.resolve("out/timeseries.csv")).get(0))
        .startsWith("time_s,arrival_rate,throughput");
  }

  @Test
  void givesEachRunItsOwnFolderAndPrintsIt() throws IOException {
    String scenario = scenario();
    Path root = dir.resolve("sim-out");
    assertThat(execute(scenario, "--out-root", root.toString(), "-q", "--no-charts")).isZero();
    assertThat(
            execute(
                scenario,
                "--sweep",
                "workers.server.count=6..7",
                "--out-root",
                root.toString(),
                "-q",
                "--no-charts"))
        .isZero();

    List<Path> runs;
    try (var listing = Files.list(root)) {
      runs = listing.sorted().toList();
    }
    assertThat(runs)
        .hasSize(2)
        .allMatch(run -> run.getFileName().toString().matches("queue-\\d{8}-\\d{6}(-2)?"));
    List<String> wrote = out.toString().lines().filter(line -> line.startsWith("wrote ")).toList();
    assertThat(wrote).hasSize(2);
    for (Path run : runs) {
      assertThat(wrote).contains("wrote " + run.toAbsolutePath());
    }
    assertThat(runs.get(0)).isDirectoryContaining("glob:**/summary.json");
  }

  @Test
  void chartTitlesNameTheScenarioAndTheValues() {
    assertThat(
            io.switchboard.simulator.report.Charts.titled(
                "Latency tail", "chat-llm (workers.h100.count=6)"))
        .isEqualTo("Latency tail \u2014 chat-llm (workers.h100.count=6)");
  }

  @Test
  void exitsWithTwoAndNamesTheKeyOnInvalidScenario() throws IOException {
    int code = execute(scenario(), "--set", "workers.server.concurrency=0", "-q");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("workers.server.concurrency", "got 0");
  }

  @Test
  void findsMinimumWorkerCountForAnSlo() throws IOException {
    int code =
        execute(
            scenario(),
            "--find-min",
            "workers.server.count",
            "--slo",
            "p99<1s",
            "--out",
            dir.resolve("min").toString(),
            "-q",
            "--no-charts");

    assertThat(code).isZero();
    String found =
        out.toString().lines().filter(l -> l.startsWith("minimum")).findFirst().orElseThrow();
    int minimum = Integer.parseInt(found.replaceAll(".*= (\\d+) .*", "$1"));
    // offered load is 5 servers' worth: fewer than 6 cannot keep up at all
    assertThat(minimum).isBetween(6, 12);
    List<String> probes = Files.readAllLines(dir.resolve("min/find-min.csv"));
    assertThat(probes).anyMatch(p -> p.startsWith(minimum + ",true"));
    assertThat(probes).anyMatch(p -> p.startsWith((minimum - 1) + ",false"));
  }

  @Test
  void sweepsAKeyAndWritesOneRowPerValue() throws IOException {
    int code =
        execute(
            scenario(),
            "--sweep",
            "workers.server.count=6..8",
            "--out",
            dir.resolve("sweep").toString(),
            "-q",
            "--no-charts");

    assertThat(code).isZero();
    List<String> rows = Files.readAllLines(dir.resolve("sweep/sweep.csv"));
    assertThat(rows).hasSize(4);
    assertThat(rows.get(1)).startsWith("6,");
    assertThat(rows.get(3)).startsWith("8,");
  }

  @Test
  void comparesEveryAvailableStrategy() throws IOException {
    int code =
        execute(
            scenario(),
            "--compare-strategies",
            "--out",
            dir.resolve("cmp").toString(),
            "-q",
            "--no-charts");

    assertThat(code).isZero();
    String table = Files.readString(dir.resolve("cmp/comparison.md"));
    assertThat(table).contains("| 1 |", "round-robin");
  }

  @Test
  void reportsMissedSloWithExitCodeOne() throws IOException {
    int code =
        execute(
            scenario(),
            "--slo",
            "p99<1ms",
            "-q",
            "--no-charts",
            "--out",
            dir.resolve("slo").toString());

    assertThat(code).isEqualTo(1);
    assertThat(out.toString()).contains("SLO missed: p99<1ms");
  }

  @Test
  void predictsABundledRequestPathScenarioWithOverrides() {
    int code =
        execute(
            "request-burst", "--requests", "--set", "load.requests=20", "--set", "load.rounds=1");

    assertThat(code).isZero();
    assertThat(out.toString()).contains("first chunk added", "between chunks added", "(n=20)");
  }

  @Test
  void refusesABadRequestPathKeyNamingIt() {
    assertThat(execute("request-burst", "--requests", "--set", "node.nodes=3")).isEqualTo(2);
    assertThat(err.toString()).contains("node.nodes", "must be in [1, 2]", "got 3");
  }

  private int execute(String... args) {
    CommandLine command = new CommandLine(new SimulateCommand());
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    return command.execute(args);
  }

  private String scenario() throws IOException {
    Path file = dir.resolve("queue.conf");
    Files.writeString(file, QUEUE);
    return file.toString();
  }
}
