package io.switchboard.priority;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import java.util.Map;

/**
 * The headers that tell a partition how to schedule a message: its priority band, its tenant (whose
 * fair share it counts against) and its estimated cost in tokens. The only {@code switchboard-}
 * headers a publisher may set; the names are fixed (lower case).
 */
public final class SchedulingHeaders {
  /** A band name of {@code switchboard.priority.bands}; none: the default band. */
  public static final String PRIORITY = "switchboard-priority";

  /** The tenant the message counts against; none: {@value #DEFAULT_TENANT}. */
  public static final String TENANT = "switchboard-tenant";

  /** Estimated cost in tokens, an integer &gt;= 0; none: {@value #DEFAULT_COST}. */
  public static final String COST = "switchboard-cost";

  /** The tenant of a message without {@link #TENANT}. */
  public static final String DEFAULT_TENANT = "default";

  /**
   * The cost of a message without {@link #COST}: one unit, so that without costs a token budget and
   * the strategies that weigh tokens count messages, as before.
   */
  public static final long DEFAULT_COST = 1;

  private SchedulingHeaders() {}

  /** Returns whether {@code name} is one of the scheduling headers (exact, lower case). */
  public static boolean isSchedulingHeader(String name) {
    return PRIORITY.equals(name) || TENANT.equals(name) || COST.equals(name);
  }

  /** Returns whether the headers carry any scheduling header. */
  public static boolean present(Map<String, String> headers) {
    return !headers.isEmpty()
        && (headers.containsKey(PRIORITY)
            || headers.containsKey(TENANT)
            || headers.containsKey(COST));
  }

  /**
   * Checks the scheduling headers' values against {@code settings}; throws {@link
   * ErrorCode#INVALID_ARGUMENT} naming the header, the value and what is allowed.
   */
  public static void check(Map<String, String> headers, PrioritySettings settings) {
    if (!present(headers)) {
      return;
    }
    String band = headers.get(PRIORITY);
    if (band != null && settings.rank(band) < 0) {
      throw invalid(
          "header "
              + PRIORITY
              + " names no priority band: '"
              + band
              + "', the bands are "
              + settings.bands()
              + " (switchboard.priority.bands)");
    }
    String tenant = headers.get(TENANT);
    if (tenant != null && tenant.isEmpty()) {
      throw invalid("header " + TENANT + " must not be empty");
    }
    String cost = headers.get(COST);
    if (cost != null) {
      long value = parseCost(cost);
      if (value < 0 || value > settings.maxCost()) {
        throw invalid(
            "header "
                + COST
                + " must be an integer from 0 to "
                + settings.maxCost()
                + " (switchboard.priority.max-cost), got '"
                + cost
                + "'");
      }
    }
  }

  /**
   * Returns the cost a message declares, or {@link #DEFAULT_COST} when it declares none or garbage.
   */
  public static long cost(Map<String, String> headers) {
    String cost = headers.get(COST);
    if (cost == null) {
      return DEFAULT_COST;
    }
    long value = parseCost(cost);
    return value < 0 ? DEFAULT_COST : value;
  }

  /**
   * Returns a cost header's value, or -1 when it is not a plain decimal integer that fits a long.
   */
  public static long parseCost(String cost) {
    if (cost.isEmpty() || cost.length() > 18) {
      return -1;
    }
    for (int i = 0; i < cost.length(); i++) {
      if (cost.charAt(i) < '0' || cost.charAt(i) > '9') {
        return -1;
      }
    }
    return Long.parseLong(cost);
  }

  private static SwitchboardException invalid(String why) {
    return new SwitchboardException(ErrorCode.INVALID_ARGUMENT, why);
  }
}
