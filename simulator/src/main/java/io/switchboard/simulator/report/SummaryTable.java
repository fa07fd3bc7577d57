package io.switchboard.simulator.report;

import java.util.Locale;

/** Renders a {@link Summary} as the plain-text table printed on the terminal. */
public final class SummaryTable {
  private static final int BAR_WIDTH = 20;

  private SummaryTable() {}

  /** Returns the table, several lines ending with a newline. */
  public static String render(String title, Summary s) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%s  balancing %s  seed %d  window %s%n",
            title,
            s.balancing(),
            s.seed(),
            duration(s.windowSeconds())));
    out.append(
        String.format(
            Locale.ROOT,
            "messages %,d  offered %.2f/s  throughput %.2f/s  completed %,d  unfinished %,d%n",
            s.messages(),
            s.offeredRate(),
            s.throughput(),
            s.completed(),
            s.unfinished()));
    out.append(
        String.format(
            Locale.ROOT,
            "%-16s %10s %10s %10s %10s %10s%n",
            "",
            "mean",
            "p50",
            "p95",
            "p99",
            "max"));
    row(out, "latency", s.latency());
    if (s.types().size() > 1) {
      for (TypeSummary t : s.types()) {
        row(out, "  " + t.type(), t.latency());
      }
    }
    row(out, "queue wait", s.queueWait());
    if (s.types().size() > 1) {
      for (TypeSummary t : s.types()) {
        row(out, "  " + t.type(), t.queueWait());
      }
    }
    row(out, "in service", s.service());
    out.append(
        String.format(
            Locale.ROOT,
            "in system (L) %.3f  redeliveries %,d  duplicates %,d  dead letters %,d"
                + "  prefix hits %.1f%%%n",
            s.meanInSystem(),
            s.redeliveries(),
            s.duplicates(),
            s.deadLetters(),
            100 * s.prefixHitRate()));
    out.append(
        String.format(
            Locale.ROOT,
            "%-14s %-10s %-8s %10s %12s%n",
            "worker",
            "kind",
            "node",
            "completed",
            "utilization"));
    for (WorkerSummary w : s.workers()) {
      int filled = (int) Math.round(Math.min(1, w.utilization()) * BAR_WIDTH);
      out.append(
          String.format(
              Locale.ROOT,
              "%-14s %-10s %-8s %,10d %11.1f%% %s%n",
              w.id(),
              w.kind(),
              w.node(),
              w.completed(),
              100 * w.utilization(),
              "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled)));
    }
    return out.toString();
  }

  /** Returns seconds as a short duration like {@code 850us}, {@code 12.3ms}, {@code 2.41s}. */
  public static String duration(double seconds) {
    if (seconds < 1e-3) {
      return String.format(Locale.ROOT, "%.0fus", seconds * 1e6);
    }
    if (seconds < 1) {
      return String.format(Locale.ROOT, "%.1fms", seconds * 1e3);
    }
    return String.format(Locale.ROOT, "%.2fs", seconds);
  }

  private static void row(StringBuilder out, String name, LatencySummary l) {
    out.append(
        String.format(
            Locale.ROOT,
            "%-16s %10s %10s %10s %10s %10s%n",
            name,
            duration(l.mean()),
            duration(l.p50()),
            duration(l.p95()),
            duration(l.p99()),
            duration(l.max())));
  }
}
