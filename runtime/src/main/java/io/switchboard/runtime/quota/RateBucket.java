package io.switchboard.runtime.quota;

import java.time.Duration;

/**
 * One limit of {@code limit} units per {@code period}: a token bucket of {@code limit} tokens that
 * refills evenly over the period, kept as the time at which it is full again (GCRA), so a check is
 * a few additions and the bucket never needs a timer. Not thread-safe; time is passed in.
 */
final class RateBucket {
  private final long limit;
  private final long periodNanos;
  private final double nanosPerUnit;

  /** When the bucket is full again; at or before now it is full. */
  private long fullAt;

  RateBucket(long limit, Duration period, long nowNanos) {
    if (limit < 1) {
      throw new IllegalArgumentException("a limit is at least 1, got " + limit);
    }
    this.limit = limit;
    this.periodNanos = period.toNanos();
    this.nanosPerUnit = (double) periodNanos / limit;
    this.fullAt = nowNanos;
  }

  /**
   * Returns 0 when {@code amount} units fit at {@code nowNanos}, else how many nanoseconds until
   * they do; {@link Long#MAX_VALUE} when they never fit (more than the limit at once).
   */
  long nanosUntilFits(long amount, long nowNanos) {
    if (amount > limit) {
      return Long.MAX_VALUE;
    }
    long over = Math.max(fullAt, nowNanos) + cost(amount) - nowNanos - periodNanos;
    return Math.max(0, over);
  }

  /**
   * Takes {@code amount} units at {@code nowNanos}; call only after {@link #nanosUntilFits}
   * answered 0.
   */
  void take(long amount, long nowNanos) {
    fullAt = Math.max(fullAt, nowNanos) + cost(amount);
  }

  /** Returns whether the bucket is full at {@code nowNanos}: forgetting it then loses nothing. */
  boolean isFull(long nowNanos) {
    return fullAt <= nowNanos;
  }

  long limit() {
    return limit;
  }

  private long cost(long amount) {
    return (long) Math.ceil(amount * nanosPerUnit);
  }
}
