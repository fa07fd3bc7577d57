package io.switchboard.simulator.cli;

import io.switchboard.simulator.report.Summary;
import io.switchboard.simulator.report.SummaryTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A latency target like {@code p99<2s}, or several joined by commas ({@code p50<300ms,p99<2s}). A
 * run also fails its target when more than {@link #MAX_UNFINISHED} of its messages never finished:
 * an overloaded run must not pass on the quantiles of the few it completed.
 *
 * @param limits the statistic and its bound in seconds, in the order given
 */
record Slo(List<Limit> limits) {
  static final double MAX_UNFINISHED = 0.001;
  private static final Pattern LIMIT =
      Pattern.compile("\\s*(mean|p50|p95|p99|max)\\s*<=?\\s*([0-9.]+)\\s*(us|ms|s|m)\\s*");

  /** One bound: {@code statistic} of end-to-end latency at most {@code seconds}. */
  record Limit(String statistic, double seconds, String text) {}

  static Slo parse(String text) {
    List<Limit> limits = new ArrayList<>();
    for (String part : text.split(",")) {
      Matcher m = LIMIT.matcher(part.toLowerCase(Locale.ROOT));
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "--slo '"
                + part.trim()
                + "': expected like p99<2s"
                + " (statistic mean|p50|p95|p99|max, unit us|ms|s|m)");
      }
      double scale =
          switch (m.group(3)) {
            case "us" -> 1e-6;
            case "ms" -> 1e-3;
            case "m" -> 60;
            default -> 1;
          };
      limits.add(new Limit(m.group(1), Double.parseDouble(m.group(2)) * scale, part.trim()));
    }
    return new Slo(List.copyOf(limits));
  }

  boolean metBy(Summary s) {
    if (s.unfinished() > MAX_UNFINISHED * Math.max(1, s.messages())) {
      return false;
    }
    for (Limit limit : limits) {
      if (s.latency().get(limit.statistic()) > limit.seconds()) {
        return false;
      }
    }
    return true;
  }

  /** Returns the measured values of the limited statistics, like {@code p99=1.84s}. */
  String describe(Summary s) {
    StringBuilder out = new StringBuilder();
    for (Limit limit : limits) {
      out.append(limit.statistic())
          .append('=')
          .append(SummaryTable.duration(s.latency().get(limit.statistic())))
          .append(' ');
    }
    if (s.unfinished() > 0) {
      out.append("unfinished=").append(s.unfinished()).append(' ');
    }
    return out.toString().trim();
  }

  @Override
  public String toString() {
    return String.join(",", limits.stream().map(Limit::text).toList());
  }
}
