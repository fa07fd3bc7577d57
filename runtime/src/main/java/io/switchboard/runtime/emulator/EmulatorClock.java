package io.switchboard.runtime.emulator;

import java.util.concurrent.TimeUnit;

/** The emulator's time: what it reads and how it waits, passed in so that tests may drive it. */
public interface EmulatorClock {

  /** Returns a monotonic time in nanoseconds. */
  long nanoTime();

  /** Returns the wall-clock time in seconds since the epoch, for {@code created} fields. */
  long epochSeconds();

  /**
   * Waits until {@link #nanoTime()} reaches {@code deadline}; returns at once when it already has.
   */
  void awaitNanos(long deadline) throws InterruptedException;

  /** The machine's clocks. */
  EmulatorClock SYSTEM =
      new EmulatorClock() {
        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public long epochSeconds() {
          return System.currentTimeMillis() / 1000;
        }

        @Override
        public void awaitNanos(long deadline) throws InterruptedException {
          long left;
          while ((left = deadline - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
          }
        }
      };
}
