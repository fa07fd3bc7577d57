package io.switchboard.settings;

import java.time.Duration;
import org.apache.pekko.actor.typed.BackoffSupervisorStrategy;
import org.apache.pekko.actor.typed.SupervisorStrategy;

/**
 * How an actor that failed (a refused or failed journal write) is restarted: first after {@code
 * min}, the wait doubling on each failure in a row up to {@code max} ({@code restart-backoff { min,
 * max }} of its block).
 */
public record RestartBackoff(Duration min, Duration max) {
  // Spreads the restarts of many actors that failed on one outage; a jitter, not a limit.
  private static final double RANDOM_FACTOR = 0.2;
  // A longer wait would leave the actor down long after its journal is back: a typo.
  private static final Duration LONGEST = Duration.ofHours(1);

  public RestartBackoff {
    if (min.isNegative() || min.isZero() || max.compareTo(min) < 0 || max.compareTo(LONGEST) > 0) {
      throw new IllegalArgumentException(
          "restart-backoff must have 0 < min <= max <= 1h, got min " + min + ", max " + max);
    }
  }

  /** Reads {@code restart-backoff.min} and {@code .max} of {@code block}. */
  public static RestartBackoff fromConfig(CheckedConfig block) {
    Duration min = block.duration("restart-backoff.min", Duration.ofMillis(1), LONGEST);
    return new RestartBackoff(min, block.duration("restart-backoff.max", min, LONGEST));
  }

  /** Returns Pekko's strategy for these waits. */
  public BackoffSupervisorStrategy strategy() {
    return SupervisorStrategy.restartWithBackoff(min, max, RANDOM_FACTOR);
  }
}
