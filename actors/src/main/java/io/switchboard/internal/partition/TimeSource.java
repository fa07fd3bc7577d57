package io.switchboard.internal.partition;

/**
 * The time a partition reads: wall-clock milliseconds for leases, delays, retention and idempotency
 * windows, and a monotonic nanosecond count for consumers' service times. Injected so that a test
 * can move time by hand.
 */
public interface TimeSource {
  /** Returns the wall clock in milliseconds since the epoch. */
  long millis();

  /** Returns a monotonic count of nanoseconds (only differences mean anything). */
  long nanos();

  /** Returns the system's clocks. */
  static TimeSource system() {
    return SystemTime.INSTANCE;
  }

  /** The system's clocks. */
  enum SystemTime implements TimeSource {
    INSTANCE;

    @Override
    public long millis() {
      return System.currentTimeMillis();
    }

    @Override
    public long nanos() {
      return System.nanoTime();
    }
  }
}
