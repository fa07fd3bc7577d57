package io.switchboard.simulator.cli;

import io.switchboard.simulator.engine.ProgressListener;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar on stderr, shown only once a run has taken over a second of wall time so
 * that short runs stay quiet.
 */
final class ProgressBar implements ProgressListener {
  private static final long SHOW_AFTER_NANOS = 1_000_000_000L;
  private static final long REDRAW_NANOS = 200_000_000L;
  private static final int WIDTH = 30;

  private final PrintWriter out;
  private final LongSupplier wallClock;
  private final String label;
  private final long startedAt;
  private long drawnAt;
  private boolean shown;

  ProgressBar(PrintWriter out, LongSupplier wallClock, String label) {
    this.out = out;
    this.wallClock = wallClock;
    this.label = label;
    this.startedAt = wallClock.getAsLong();
  }

  @Override
  public void progress(long nowNanos, long endNanos, long messages) {
    long wall = wallClock.getAsLong();
    boolean finished = nowNanos >= endNanos;
    if (wall - startedAt < SHOW_AFTER_NANOS || (!finished && wall - drawnAt < REDRAW_NANOS)) {
      return;
    }
    if (finished) {
      if (shown) {
        out.print("\r" + " ".repeat(100) + "\r");
        out.flush();
      }
      return;
    }
    drawnAt = wall;
    shown = true;
    double fraction = Math.min(1, nowNanos / (double) endNanos);
    int filled = (int) (fraction * WIDTH);
    double rate = messages / ((wall - startedAt) / 1e9);
    out.printf(
        Locale.ROOT,
        "\r%s [%s%s] %3.0f%%  t=%.0fs  %,.0f msg/s ",
        label,
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        100 * fraction,
        nowNanos / 1e9,
        rate);
    out.flush();
  }
}
