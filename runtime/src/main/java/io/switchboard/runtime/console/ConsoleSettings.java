package io.switchboard.runtime.console;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The settings of the web console ({@code switchboard.console}).
 *
 * @param enabled whether the node serves {@code /console}
 * @param refreshInterval how often the page reads the API again for its live views
 * @param chartWindow how far back the topic page's charts reach (the samples the tab keeps)
 */
public record ConsoleSettings(boolean enabled, Duration refreshInterval, Duration chartWindow) {
  private static final Duration FASTEST = Duration.ofMillis(500);
  private static final Duration SHORTEST_WINDOW = Duration.ofMinutes(1);
  // the samples live in the browser tab: an hour at the fastest refresh is 7,200 of them
  private static final Duration LONGEST_WINDOW = Duration.ofHours(1);

  /** Checks the values; a refresh faster than 500 ms would load the node for a picture. */
  public ConsoleSettings {
    if (refreshInterval.compareTo(FASTEST) < 0) {
      throw new IllegalArgumentException(
          "switchboard.console.refresh-interval must be at least "
              + FASTEST.toMillis()
              + "ms, got "
              + refreshInterval.toMillis()
              + "ms");
    }
    if (chartWindow.compareTo(SHORTEST_WINDOW) < 0 || chartWindow.compareTo(LONGEST_WINDOW) > 0) {
      throw new IllegalArgumentException(
          "switchboard.console.chart-window must be from 1m to 1h, got "
              + chartWindow.toSeconds()
              + "s");
    }
  }

  /** Reads {@code console} from the {@code switchboard} config. */
  public static ConsoleSettings fromConfig(Config switchboard) {
    Config console = switchboard.getConfig("console");
    return new ConsoleSettings(
        console.getBoolean("enabled"),
        console.getDuration("refresh-interval"),
        console.getDuration("chart-window"));
  }

  /** Returns settings that serve no console (for APIs built without a node's config). */
  public static ConsoleSettings disabled() {
    return new ConsoleSettings(false, Duration.ofSeconds(2), Duration.ofMinutes(5));
  }
}
