package io.switchboard.internal.request;

import com.typesafe.config.Config;
import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import java.time.Duration;

/** {@code switchboard.requests}, read once and checked. */
public record RequestSettings(
    int window,
    int maxWindow,
    Duration retention,
    Duration pollInterval,
    Duration defaultTimeout,
    Duration passivateAfter,
    Duration leaseRenewInterval,
    Duration reattachGrace) {

  public RequestSettings {
    if (maxWindow < 1 || maxWindow > 10_000) {
      throw invalid("max-window must be between 1 and 10000, got " + maxWindow);
    }
    if (window < 1 || window > maxWindow) {
      throw invalid("window must be between 1 and max-window (" + maxWindow + "), got " + window);
    }
    for (Duration d :
        new Duration[] {
          retention, pollInterval, defaultTimeout, passivateAfter, leaseRenewInterval
        }) {
      if (d.isNegative() || d.isZero()) {
        throw invalid("switchboard.requests durations must be above 0, got " + d);
      }
    }
    if (reattachGrace.isNegative() || reattachGrace.compareTo(passivateAfter) >= 0) {
      throw invalid(
          "reattach-grace must be 0 or above and below passivate-after ("
              + passivateAfter
              + "), got "
              + reattachGrace);
    }
  }

  public static RequestSettings fromConfig(Config requests) {
    return new RequestSettings(
        requests.getInt("window"),
        requests.getInt("max-window"),
        requests.getDuration("retention"),
        requests.getDuration("poll-interval"),
        requests.getDuration("default-timeout"),
        requests.getDuration("passivate-after"),
        requests.getDuration("lease-renew-interval"),
        requests.getDuration("reattach-grace"));
  }

  /**
   * Returns the window a request asked for ({@code null}: the node's), or throws INVALID_ARGUMENT
   * over max-window.
   */
  public int windowOf(Integer asked) {
    if (asked == null) {
      return window;
    }
    if (asked < 1 || asked > maxWindow) {
      throw invalid(
          "window must be between 1 and "
              + maxWindow
              + " chunks (switchboard.requests.max-window), got "
              + asked);
    }
    return asked;
  }

  private static SwitchboardException invalid(String why) {
    return new SwitchboardException(ErrorCode.INVALID_ARGUMENT, why);
  }
}
