package io.switchboard.runtime.quota;

import io.switchboard.internal.partition.TimeSource;
import java.time.Duration;

/** A clock moved by hand. */
final class ManualTime implements TimeSource {
  private long nanos;

  @Override
  public long millis() {
    return nanos / 1_000_000;
  }

  @Override
  public long nanos() {
    return nanos;
  }

  void advance(Duration by) {
    nanos += by.toNanos();
  }
}
