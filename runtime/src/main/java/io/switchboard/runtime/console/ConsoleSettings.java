package io.switchboard.runtime.console;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The settings of the web console ({@code switchboard.console}).
 *
 * @param enabled whether the node serves {@code /console}
 * @param refreshInterval how often the page reads the API again for its live views
 */
public record ConsoleSettings(boolean enabled, Duration refreshInterval) {
  private static final Duration FASTEST = Duration.ofMillis(500);

  /** Checks the values; a refresh faster than 500 ms would load the node for a picture. */
  public ConsoleSettings {
    if (refreshInterval.compareTo(FASTEST) < 0) {
      throw new IllegalArgumentException("switchboard.console.refresh-interval must be at least "
          + FASTEST.toMillis() + "ms, got " + refreshInterval.toMillis() + "ms");
    }
  }

  /** Reads {@code console} from the {@code switchboard} config. */
  public static ConsoleSettings fromConfig(Config switchboard) {
    Config console = switchboard.getConfig("console");
    return new ConsoleSettings(console.getBoolean("enabled"), console.getDuration("refresh-interval"));
  }

  /** Returns settings that serve no console (for APIs built without a node's config). */
  public static ConsoleSettings disabled() {
    return new ConsoleSettings(false, Duration.ofSeconds(2));
  }
}
