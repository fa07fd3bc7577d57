package io.switchboard.simulator.engine;

/**
 * Counts that change at events (messages in system, partition backlog, busy slots, live slots) and
 * their integrals over virtual time, for time averages such as Little's L.
 */
final class Levels {
  long inSystem;
  long backlog;
  long busySlots;
  long liveSlots;
  double inSystemArea;
  double backlogArea;
  double busyArea;
  double liveArea;
  private long last;

  /** Accumulates the areas up to {@code now}; call before changing any count. */
  void advance(long now) {
    long dt = now - last;
    if (dt > 0) {
      inSystemArea += (double) inSystem * dt;
      backlogArea += (double) backlog * dt;
      busyArea += (double) busySlots * dt;
      liveArea += (double) liveSlots * dt;
      last = now;
    }
  }
}
