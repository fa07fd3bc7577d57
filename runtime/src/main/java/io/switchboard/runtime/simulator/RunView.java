package io.switchboard.runtime.simulator;

import io.switchboard.simulator.report.RunResult;
import io.switchboard.simulator.report.SeriesRow;
import io.switchboard.simulator.report.Summary;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer of one run: the summary table's figures and the time series the console charts.
 *
 * @param scenario the bundled scenario's name, or {@code text} for a scenario sent as text
 * @param set the overrides applied, as {@code key=value}
 * @param summary the figures over the measured window, as {@code summary.json} of the command has
 *     them
 * @param meanUtilization the mean utilization over all workers, 0..1
 * @param series one row per sampling interval, thinned to at most max-series-points rows
 * @param simulatedMessages every message the run created, warm-up included
 * @param wallMillis how long the run took on the node
 */
public record RunView(
    String scenario,
    List<String> set,
    Summary summary,
    double meanUtilization,
    List<SeriesRow> series,
    long simulatedMessages,
    long wallMillis) {

  static RunView of(
      String scenario, List<String> set, RunResult result, int maxSeriesPoints, long wallMillis) {
    return new RunView(
        scenario,
        List.copyOf(set),
        result.summary(),
        result.summary().meanUtilization(),
        thinned(result.series(), maxSeriesPoints),
        result.simulatedMessages(),
        wallMillis);
  }

  /**
   * Keeps every k-th row and the last, so a chart of a long run stays small and still ends where
   * the run did.
   */
  static List<SeriesRow> thinned(List<SeriesRow> rows, int max) {
    if (rows.size() <= max) {
      return rows;
    }
    int every = (rows.size() + max - 2) / (max - 1);
    List<SeriesRow> kept = new ArrayList<>();
    for (int i = 0; i < rows.size() - 1; i += every) {
      kept.add(rows.get(i));
    }
    kept.add(rows.get(rows.size() - 1));
    return kept;
  }
}
