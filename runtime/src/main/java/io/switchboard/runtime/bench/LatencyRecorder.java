package io.switchboard.runtime.bench;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** Latencies from many threads: an interval histogram per progress line and a total one. */
final class LatencyRecorder {
  private static final long MAX_NANOS = TimeUnit.MINUTES.toNanos(5);

  private final Recorder recorder = new Recorder(3);
  private final Histogram total = new Histogram(MAX_NANOS, 3);
  private Histogram interval;

  void record(long nanos) {
    recorder.recordValue(Math.max(0, Math.min(nanos, MAX_NANOS)));
  }

  /** Returns the values recorded since the last call and adds them to the total. */
  synchronized Histogram interval() {
    interval = recorder.getIntervalHistogram(interval);
    total.add(interval);
    return interval;
  }

  /** Forgets every value recorded so far (the warm-up's). */
  synchronized void reset() {
    interval = recorder.getIntervalHistogram(interval);
    total.reset();
  }

  /** Returns every value recorded so far (call {@link #interval()} first to include the latest). */
  synchronized Histogram total() {
    return total.copy();
  }

  /** Formats p50, p95, p99 and max in milliseconds. */
  static String summary(Histogram histogram) {
    if (histogram.getTotalCount() == 0) {
      return "p50 -  p95 -  p99 -  max - ms";
    }
    return String.format(
        "p50 %.2f  p95 %.2f  p99 %.2f  max %.2f ms",
        millis(histogram.getValueAtPercentile(50)),
        millis(histogram.getValueAtPercentile(95)),
        millis(histogram.getValueAtPercentile(99)),
        millis(histogram.getMaxValue()));
  }

  private static double millis(long nanos) {
    return nanos / 1_000_000.0;
  }
}
