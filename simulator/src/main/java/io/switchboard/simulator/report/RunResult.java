package io.switchboard.simulator.report;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * What one run produced: the summary, the time series and the latency histogram (for CDFs).
 *
 * @param summary the figures over the measured window
 * @param series one row per sampling interval
 * @param latencyMicros end-to-end latency of measured messages in microseconds
 * @param simulatedMessages every message the run created, warm-up included
 */
public record RunResult(
    Summary summary, List<SeriesRow> series, Histogram latencyMicros, long simulatedMessages) {

  public RunResult {
    series = List.copyOf(series);
  }
}
