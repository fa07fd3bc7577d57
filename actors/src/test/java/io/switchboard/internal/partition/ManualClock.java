package io.switchboard.internal.partition;

/** A clock that moves only when a test moves it (both its millis and its nanos). */
final class ManualClock implements TimeSource {
  private long millis;
  private long nanos;

  ManualClock(long startMillis) {
    this.millis = startMillis;
  }

  /** Moves the clock forward by {@code delta} milliseconds. */
  void advance(long delta) {
    millis += delta;
    nanos += delta * 1_000_000;
  }

  @Override
  public long millis() {
    return millis;
  }

  @Override
  public long nanos() {
    return nanos;
  }
}
