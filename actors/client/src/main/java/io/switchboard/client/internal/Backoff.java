package io.switchboard.client.internal;

import java.time.Duration;

/**
 * Reconnect delays: doubling from a minimum to a maximum, back to the minimum on success. Not
 * thread-safe.
 */
public final class Backoff {
  private final Duration min;
  private final Duration max;
  private Duration next;

  public Backoff(Duration min, Duration max) {
    this.min = min;
    this.max = max;
    this.next = min;
  }

  /** Returns the delay before the next attempt and doubles the one after it. */
  public Duration next() {
    Duration delay = next;
    Duration doubled = next.multipliedBy(2);
    next = doubled.compareTo(max) > 0 ? max : doubled;
    return delay;
  }

  /** The node answered: the next failure waits the minimum again. */
  public void reset() {
    next = min;
  }
}
