package io.switchboard.runtime.simulator;

import io.switchboard.simulator.report.LatencySummary;
import io.switchboard.simulator.report.Summary;
import java.util.List;

/**
 * The answer of a sweep: one point per value of the swept key, the curve the console draws.
 *
 * @param scenario the bundled scenario's name, or {@code text}
 * @param set the overrides applied to every point
 * @param key the swept key
 * @param points one per value, in increasing order
 * @param wallMillis how long the whole sweep took on the node
 */
public record SweepView(
    String scenario, List<String> set, String key, List<Point> points, long wallMillis) {

  /**
   * The figures of one value.
   *
   * @param value the swept key's value
   * @param messages messages created in the measured window
   * @param unfinished of those, how many were still in flight at the end
   * @param throughput completions per second
   * @param latency creation to completion, seconds
   * @param meanUtilization mean utilization over all workers, 0..1
   */
  public record Point(
      int value,
      long messages,
      long unfinished,
      double throughput,
      LatencySummary latency,
      double meanUtilization) {

    static Point of(int value, Summary s) {
      return new Point(
          value, s.messages(), s.unfinished(), s.throughput(), s.latency(), s.meanUtilization());
    }
  }
}
