package io.switchboard.simulator.scenario;

/**
 * How long and how a run goes, in virtual nanoseconds.
 *
 * @param seed the seed every random stream of the run derives from
 * @param durationNanos arrivals stop at this time
 * @param warmupNanos statistics count messages created at or after this time
 * @param drainNanos how long after the last arrival in-flight messages may still finish
 * @param intervalNanos the time-series sampling interval
 */
public record RunSettings(
    long seed, long durationNanos, long warmupNanos, long drainNanos, long intervalNanos) {

  /** Returns the length of the measured window (duration minus warm-up). */
  public long windowNanos() {
    return durationNanos - warmupNanos;
  }
}
