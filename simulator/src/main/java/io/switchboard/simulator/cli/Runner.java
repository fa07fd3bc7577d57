package io.switchboard.simulator.cli;

import io.switchboard.simulator.engine.ProgressListener;
import io.switchboard.simulator.engine.Simulation;
import io.switchboard.simulator.report.Charts;
import io.switchboard.simulator.report.RunResult;
import io.switchboard.simulator.report.SeriesCsv;
import io.switchboard.simulator.report.SummaryJson;
import io.switchboard.simulator.report.SummaryTable;
import io.switchboard.simulator.scenario.Scenario;
import io.switchboard.simulator.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Runs scenarios for the command: loads with overrides, shows progress, prints the table and the
 * simulation rate, and writes JSON, CSV and charts into an output folder.
 */
final class Runner {
  private final String source;
  private final List<String> overrides;
  private final PrintWriter out;
  private final PrintWriter err;
  private final LongSupplier wallClock;
  private final LongSupplier cpuClock;
  private final boolean progress;
  private final boolean charts;

  Runner(
      String source,
      List<String> overrides,
      PrintWriter out,
      PrintWriter err,
      Clocks clocks,
      boolean progress,
      boolean charts) {
    this.source = source;
    this.overrides = List.copyOf(overrides);
    this.out = out;
    this.err = err;
    this.wallClock = clocks.wall();
    this.cpuClock = clocks.cpu();
    this.progress = progress;
    this.charts = charts;
  }

  /** Returns the scenario with the command's overrides plus {@code extra} ones. */
  Scenario scenario(String... extra) {
    List<String> all = new ArrayList<>(overrides);
    all.addAll(List.of(extra));
    return ScenarioLoader.load(source, all);
  }

  /** Runs {@code scenario}, printing the simulation rate; {@code label} names it on screen. */
  RunResult run(Scenario scenario, String label) {
    ProgressListener listener =
        progress ? new ProgressBar(err, wallClock, label) : ProgressListener.NONE;
    long started = wallClock.getAsLong();
    long cpuStarted = cpuClock.getAsLong();
    RunResult result = new Simulation(scenario, listener).run();
    double wall = (wallClock.getAsLong() - started) / 1e9;
    double cpu = (cpuClock.getAsLong() - cpuStarted) / 1e9;
    long messages = result.simulatedMessages();
    // on a shared machine wall time includes waiting for a core; CPU time shows the engine
    out.printf(
        Locale.ROOT,
        "%s: simulated %,d messages in %.2f s wall = %,.0f messages/s"
            + " (%,.0f per CPU second)%n",
        label,
        messages,
        wall,
        messages / Math.max(wall, 1e-9),
        messages / Math.max(cpu, 1e-9));
    out.flush();
    return result;
  }

  /** Prints the summary table of {@code result}. */
  void printTable(String title, RunResult result) {
    out.print(SummaryTable.render(title, result.summary()));
    out.flush();
  }

  /** Writes summary.json, timeseries.csv and (unless disabled) the three charts into dir. */
  void write(Path dir, RunResult result, String subject) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("summary.json"), SummaryJson.render(result.summary()), StandardCharsets.UTF_8);
    Files.writeString(
        dir.resolve("timeseries.csv"), SeriesCsv.render(result.series()), StandardCharsets.UTF_8);
    if (charts) {
      String name = result.summary().balancing();
      Charts.latencyCdf(
          subject, Map.of(name, result.latencyMicros()), dir.resolve("latency-cdf.png"));
      Charts.latencyTail(
          subject, Map.of(name, result.latencyMicros()), dir.resolve("latency-tail.png"));
      Charts.queueDepth(subject, Map.of(name, result.series()), dir.resolve("queue-depth.png"));
      Charts.utilization(subject, result.summary().workers(), dir.resolve("utilization.png"));
    }
  }

  /** Wall and CPU time sources in nanoseconds, injected so that runs never read globals. */
  record Clocks(LongSupplier wall, LongSupplier cpu) {
    static Clocks system() {
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      return new Clocks(System::nanoTime, threads::getCurrentThreadCpuTime);
    }
  }

  boolean charts() {
    return charts;
  }

  PrintWriter out() {
    return out;
  }

  String source() {
    return source;
  }

  /** Names the run in chart titles: the scenario, its --set values and {@code extra} ones. */
  String subject(String... extra) {
    List<String> all = new ArrayList<>(overrides);
    all.addAll(List.of(extra));
    return all.isEmpty() ? source : source + " (" + String.join(", ", all) + ")";
  }
}
