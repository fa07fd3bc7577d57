package io.switchboard.simulator.traffic;

/** The arrival times of one producer stream, in virtual nanoseconds; one instance per run. */
public interface ArrivalProcess {

  /** Returns the time of the arrival after {@code now}, or {@link Long#MAX_VALUE} when none. */
  long next(long now);

  /** Returns the size of the arrival last returned by {@link #next}, or -1 when unknown. */
  default int lastSize() {
    return -1;
  }
}
