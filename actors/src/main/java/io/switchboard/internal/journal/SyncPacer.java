package io.switchboard.internal.journal;

import java.time.Duration;

/**
 * Spaces the starts of syncs at least a minimum interval apart (the sync rate limit), so that
 * writes arriving meanwhile share the next sync. A sync that starts later than that waits for
 * nothing: when syncs are rare (slow disk, low rate) the limit adds no latency. Not thread-safe:
 * the writer thread's.
 */
final class SyncPacer {
  private final long intervalNanos;
  private boolean started;
  private long lastStart;

  /** Creates a pacer that starts syncs at least {@code minInterval} apart; zero means no limit. */
  SyncPacer(Duration minInterval) {
    if (minInterval.isNegative()) {
      throw new IllegalArgumentException(
          "minInterval must be >= 0 (0: no limit), got " + minInterval);
    }
    this.intervalNanos = minInterval.toNanos();
  }

  /** Returns how long a sync that would start at {@code nowNanos} must wait first; 0: none. */
  long waitNanos(long nowNanos) {
    if (!started || intervalNanos == 0) {
      return 0;
    }
    // Differences, not comparisons, of nanoTime values: they may wrap.
    return Math.max(0, intervalNanos - (nowNanos - lastStart));
  }

  /** Records that a sync started at {@code nowNanos}. */
  void started(long nowNanos) {
    started = true;
    lastStart = nowNanos;
  }
}
