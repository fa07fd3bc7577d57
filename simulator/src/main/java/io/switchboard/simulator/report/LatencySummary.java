package io.switchboard.simulator.report;

import org.HdrHistogram.Histogram;

/**
 * Mean and quantiles of one latency, in seconds.
 *
 * @param count how many values
 * @param mean the exact mean (summed in double, not taken from the histogram)
 * @param p50 the median
 * @param p95 the 95th percentile
 * @param p99 the 99th percentile
 * @param max the largest value
 */
public record LatencySummary(
    long count, double mean, double p50, double p95, double p99, double max) {

  /** Returns the summary of a histogram of microseconds and the exact sum in nanoseconds. */
  static LatencySummary of(Histogram micros, double sumNanos, long count) {
    if (count == 0) {
      return new LatencySummary(0, 0, 0, 0, 0, 0);
    }
    return new LatencySummary(
        count,
        sumNanos / count / 1e9,
        micros.getValueAtPercentile(50) / 1e6,
        micros.getValueAtPercentile(95) / 1e6,
        micros.getValueAtPercentile(99) / 1e6,
        micros.getMaxValue() / 1e6);
  }

  /** Returns the statistic named mean, p50, p95, p99 or max. */
  public double get(String statistic) {
    return switch (statistic) {
      case "mean" -> mean;
      case "p50" -> p50;
      case "p95" -> p95;
      case "p99" -> p99;
      case "max" -> max;
      default ->
          throw new IllegalArgumentException(
              "unknown statistic '" + statistic + "', expected mean, p50, p95, p99 or max");
    };
  }
}
