package io.switchboard.simulator.report;

import java.util.List;
import java.util.Locale;

/** Renders the time series as CSV, one row per sampling interval. */
public final class SeriesCsv {
  private static final String HEADER =
      "time_s,arrival_rate,throughput,p50_s,p99_s,queue_depth,"
          + "in_flight,utilization,redeliveries,dead_letters";

  private SeriesCsv() {}

  /** Returns the CSV text with a header line. */
  public static String render(List<SeriesRow> rows) {
    StringBuilder out = new StringBuilder(HEADER).append('\n');
    for (SeriesRow r : rows) {
      out.append(
          String.format(
              Locale.ROOT,
              "%.3f,%.4f,%.4f,%.6f,%.6f,%.4f,%d,%.5f,%d,%d\n",
              r.time(),
              r.arrivalRate(),
              r.throughput(),
              r.p50(),
              r.p99(),
              r.queueDepth(),
              r.inFlight(),
              r.utilization(),
              r.redeliveries(),
              r.deadLetters()));
    }
    return out.toString();
  }
}
