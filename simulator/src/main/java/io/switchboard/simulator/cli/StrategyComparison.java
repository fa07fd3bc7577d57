package io.switchboard.simulator.cli;

import io.switchboard.balance.Balancing;
import io.switchboard.simulator.report.Charts;
import io.switchboard.simulator.report.RunResult;
import io.switchboard.simulator.report.SeriesRow;
import io.switchboard.simulator.report.Summary;
import io.switchboard.simulator.report.SummaryTable;
import io.switchboard.simulator.scenario.Scenario;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Runs one scenario under every {@link Balancing} strategy with the same seed (so every strategy
 * sees the same arrivals and work) and ranks them by p99, then mean latency.
 */
final class StrategyComparison {
  private final Runner runner;

  StrategyComparison(Runner runner) {
    this.runner = runner;
  }

  /** Runs the comparison and writes per-strategy outputs and the combined charts into dir. */
  List<Summary> run(Path dir, Slo slo) throws IOException {
    Scenario base = runner.scenario();
    PrintWriter out = runner.out();
    Map<String, Histogram> latencies = new LinkedHashMap<>();
    Map<String, List<SeriesRow>> series = new LinkedHashMap<>();
    List<Summary> ranked = new ArrayList<>();
    for (Balancing balancing : Balancing.values()) {
      RunResult result;
      try {
        result =
            runner.run(
                base.withFabric(base.fabric().withBalancing(balancing)), balancing.configName());
      } catch (UnsupportedOperationException e) {
        out.println(balancing.configName() + ": not available (" + e.getMessage() + ")");
        continue;
      }
      runner.write(
          dir.resolve(balancing.configName()),
          result,
          runner.subject("fabric.balancing=" + balancing.configName()));
      latencies.put(balancing.configName(), result.latencyMicros());
      series.put(balancing.configName(), result.series());
      ranked.add(result.summary());
    }
    ranked.sort(
        Comparator.comparingDouble((Summary s) -> s.unfinished() > 0 ? 1 : 0)
            .thenComparingDouble(s -> s.latency().p99())
            .thenComparingDouble(s -> s.latency().mean()));
    String table = table(ranked, slo);
    out.print(table);
    out.flush();
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("comparison.md"), table, StandardCharsets.UTF_8);
    if (runner.charts() && !latencies.isEmpty()) {
      String subject = runner.subject("every balancing strategy");
      Charts.latencyCdf(subject, latencies, dir.resolve("latency-cdf.png"));
      Charts.latencyTail(subject, latencies, dir.resolve("latency-tail.png"));
      Charts.queueDepth(subject, series, dir.resolve("queue-depth.png"));
    }
    return ranked;
  }

  private static String table(List<Summary> ranked, Slo slo) {
    StringBuilder t = new StringBuilder();
    t.append(
            "| rank | strategy | mean | p50 | p95 | p99 | max | unfinished | redeliveries |"
                + " prefix hits | mean utilization |")
        .append(slo == null ? "" : " SLO " + slo + " |")
        .append('\n');
    t.append("|---|---|---|---|---|---|---|---|---|---|---|")
        .append(slo == null ? "" : "---|")
        .append('\n');
    int rank = 1;
    for (Summary s : ranked) {
      t.append(
          String.format(
              Locale.ROOT,
              "| %d | %s | %s | %s | %s | %s | %s | %,d | %,d | %.1f%% | %.1f%% |",
              rank++,
              s.balancing(),
              d(s.latency().mean()),
              d(s.latency().p50()),
              d(s.latency().p95()),
              d(s.latency().p99()),
              d(s.latency().max()),
              s.unfinished(),
              s.redeliveries(),
              100 * s.prefixHitRate(),
              100 * s.meanUtilization()));
      if (slo != null) {
        t.append(slo.metBy(s) ? " met |" : " missed |");
      }
      t.append('\n');
    }
    return t.toString();
  }

  private static String d(double seconds) {
    return SummaryTable.duration(seconds);
  }
}
