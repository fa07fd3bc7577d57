package io.switchboard.priority;

import com.typesafe.config.Config;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The priority bands a partition serves, highest first, and the band of a message that names none
 * ({@code switchboard.priority}).
 *
 * @param bands band names, highest first; at least one, each once
 * @param defaultBand the band of a message without {@link SchedulingHeaders#PRIORITY}; one of
 *     {@code bands}
 * @param maxCost the largest {@link SchedulingHeaders#COST} accepted at publish
 */
public record PrioritySettings(List<String> bands, String defaultBand, long maxCost) {

  /** The built-in bands: {@code interactive}, {@code default}, {@code batch}. */
  public static final PrioritySettings DEFAULTS =
      new PrioritySettings(List.of("interactive", "default", "batch"), "default", 1_000_000_000L);

  public PrioritySettings {
    bands = List.copyOf(bands);
    if (bands.isEmpty()) {
      throw new IllegalArgumentException("switchboard.priority.bands must name at least one band");
    }
    Set<String> seen = new HashSet<>();
    for (String band : bands) {
      if (!band.matches(BAND_PATTERN) || !seen.add(band)) {
        throw new IllegalArgumentException(
            "switchboard.priority.bands must be distinct names matching "
                + BAND_PATTERN
                + ", got "
                + bands);
      }
    }
    if (!bands.contains(defaultBand)) {
      throw new IllegalArgumentException(
          "switchboard.priority.default-band must be one of "
              + bands
              + ", got '"
              + defaultBand
              + "'");
    }
    if (maxCost < 1) {
      throw new IllegalArgumentException(
          "switchboard.priority.max-cost must be >= 1, got " + maxCost);
    }
  }

  /** What a band name may look like. */
  public static final String BAND_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

  /** Reads {@code switchboard.priority} from the {@code switchboard} block. */
  public static PrioritySettings fromConfig(Config switchboard) {
    Config priority = switchboard.getConfig("priority");
    return new PrioritySettings(
        priority.getStringList("bands"),
        priority.getString("default-band"),
        priority.getLong("max-cost"));
  }

  /** Returns the rank of a band (0 is the highest), or -1 for a name that is not a band. */
  public int rank(String band) {
    return bands.indexOf(band);
  }

  /** Returns the rank of the default band. */
  public int defaultRank() {
    return bands.indexOf(defaultBand);
  }
}
