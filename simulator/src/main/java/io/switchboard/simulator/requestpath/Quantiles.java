package io.switchboard.simulator.requestpath;

import org.HdrHistogram.Histogram;

/**
 * Quantiles of one time, in milliseconds (3 significant digits).
 *
 * @param count how many values
 * @param p50 the median
 * @param p99 the 99th percentile
 * @param max the largest value
 */
public record Quantiles(long count, double p50, double p99, double max) {

  static Quantiles of(Histogram micros) {
    return new Quantiles(
        micros.getTotalCount(),
        micros.getValueAtPercentile(50) / 1e3,
        micros.getValueAtPercentile(99) / 1e3,
        micros.getMaxValue() / 1e3);
  }
}
