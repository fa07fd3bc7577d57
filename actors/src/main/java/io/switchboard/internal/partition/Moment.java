package io.switchboard.internal.partition;

/** The time a partition read once for the command it handles (see {@link TimeSource}). */
record Moment(long millis, long nanos) {
  static Moment of(TimeSource clock) {
    return new Moment(clock.millis(), clock.nanos());
  }
}
