package io.switchboard.simulator.cli;

import io.switchboard.simulator.report.Charts;
import io.switchboard.simulator.report.RunResult;
import io.switchboard.simulator.report.Summary;
import io.switchboard.simulator.report.SummaryTable;
import io.switchboard.simulator.scenario.SweepRange;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Runs a scenario once per value of a swept key and tabulates latency against the value. */
final class Sweep {
  private final Runner runner;

  Sweep(Runner runner) {
    this.runner = runner;
  }

  void run(SweepRange range, Path dir, Slo slo) throws IOException {
    PrintWriter out = runner.out();
    List<Integer> values = range.values();
    double[] x = new double[values.size()];
    double[] p50 = new double[values.size()];
    double[] p99 = new double[values.size()];
    StringBuilder csv =
        new StringBuilder(
            range.key()
                + ",messages,unfinished,throughput,mean_s,p50_s,p95_s,p99_s,max_s,utilization,slo_met\n");
    for (int i = 0; i < values.size(); i++) {
      String setting = range.key() + "=" + values.get(i);
      RunResult result = runner.run(runner.scenario(setting), setting);
      runner.write(dir.resolve(range.key() + "-" + values.get(i)), result, runner.subject(setting));
      Summary s = result.summary();
      x[i] = values.get(i);
      p50[i] = s.latency().p50();
      p99[i] = s.latency().p99();
      boolean met = slo == null || slo.metBy(s);
      csv.append(
          String.format(
              Locale.ROOT,
              "%d,%d,%d,%.4f,%.6f,%.6f,%.6f,%.6f,%.6f,%.5f,%s\n",
              values.get(i),
              s.messages(),
              s.unfinished(),
              s.throughput(),
              s.latency().mean(),
              s.latency().p50(),
              s.latency().p95(),
              s.latency().p99(),
              s.latency().max(),
              s.meanUtilization(),
              slo == null ? "" : Boolean.toString(met)));
      out.printf(
          Locale.ROOT,
          "  %s  p50 %s  p99 %s  unfinished %,d  utilization %.1f%%%s%n",
          setting,
          SummaryTable.duration(s.latency().p50()),
          SummaryTable.duration(s.latency().p99()),
          s.unfinished(),
          100 * s.meanUtilization(),
          slo == null ? "" : met ? "  SLO met" : "  SLO missed");
      out.flush();
    }
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("sweep.csv"), csv.toString(), StandardCharsets.UTF_8);
    if (runner.charts()) {
      Map<String, double[]> series = new LinkedHashMap<>();
      series.put("p50", p50);
      series.put("p99", p99);
      Charts.sweep(
          runner.subject(range.key() + "=" + values.get(0) + ".." + values.get(values.size() - 1)),
          range.key(),
          x,
          series,
          dir.resolve("sweep.png"));
    }
  }
}
