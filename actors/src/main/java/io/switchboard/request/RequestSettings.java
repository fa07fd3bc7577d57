package io.switchboard.request;

import com.typesafe.config.Config;
import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import java.time.Duration;

/** {@code switchboard.requests}, read once and checked. */
public record RequestSettings(int window, Duration retention, Duration pollInterval,
    Duration defaultTimeout, Duration passivateAfter, Duration leaseRenewInterval, Duration reattachGrace) {

  public RequestSettings {
    if (window < 1 || window > 10_000) {
      throw invalid("window must be between 1 and 10000, got " + window);
    }
    for (Duration d : new Duration[] {retention, pollInterval, defaultTimeout, passivateAfter, leaseRenewInterval}) {
      if (d.isNegative() || d.isZero()) {
        throw invalid("switchboard.requests durations must be above 0, got " + d);
      }
    }
    if (reattachGrace.isNegative() || reattachGrace.compareTo(passivateAfter) >= 0) {
      throw invalid("reattach-grace must be 0 or above and below passivate-after (" + passivateAfter + "), got "
          + reattachGrace);
    }
  }

  public static RequestSettings fromConfig(Config requests) {
    return new RequestSettings(requests.getInt("window"), requests.getDuration("retention"),
        requests.getDuration("poll-interval"), requests.getDuration("default-timeout"),
        requests.getDuration("passivate-after"), requests.getDuration("lease-renew-interval"),
        requests.getDuration("reattach-grace"));
  }

  private static SwitchboardException invalid(String why) {
    return new SwitchboardException(ErrorCode.INVALID_ARGUMENT, why);
  }
}
