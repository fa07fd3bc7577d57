package io.switchboard.simulator.requestpath;

import java.util.Locale;

/**
 * What a request-path run predicts over its measured rounds.
 *
 * @param stored request() to the request stored (CPU and the start's commits)
 * @param dispatch request() to the worker holding it (plus the partition's wait for a slot)
 * @param firstChunkAdded (caller's first chunk - request()) - (worker's first send - its receipt)
 * @param betweenChunksAdded gap between two chunks at the caller minus their gap at the worker
 * @param chunksPerSecond chunks relayed over the measured rounds' time
 * @param coresUsed CPU time over the measured rounds' time
 * @param meanCpuWaitNanos mean wait of a CPU job for a core
 * @param commits group commits over the whole run (warm-up included)
 * @param measuredNanos the measured rounds' time, first request to last end, summed
 */
public record RequestPathResult(
    Quantiles stored,
    Quantiles dispatch,
    Quantiles firstChunkAdded,
    Quantiles betweenChunksAdded,
    double chunksPerSecond,
    double coresUsed,
    double meanCpuWaitNanos,
    long commits,
    long measuredNanos) {

  /** Returns the result as the benchmark prints its measurement, one line per time. */
  public String table() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "predicted: %.0f chunks/s, %.2f cores busy, mean CPU wait %.2f ms, %d commits%n",
            chunksPerSecond,
            coresUsed,
            meanCpuWaitNanos / 1e6,
            commits));
    line(out, "stored (publish)", stored);
    line(out, "dispatch (request() -> worker)", dispatch);
    line(out, "first chunk added", firstChunkAdded);
    line(out, "between chunks added", betweenChunksAdded);
    return out.toString();
  }

  private static void line(StringBuilder out, String what, Quantiles q) {
    out.append(
        String.format(
            Locale.ROOT,
            "  %-32s p50 %8.2f ms  p99 %8.2f ms  max %8.2f ms  (n=%d)%n",
            what,
            q.p50(),
            q.p99(),
            q.max(),
            q.count()));
  }
}
