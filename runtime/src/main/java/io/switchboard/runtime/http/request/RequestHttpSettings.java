package io.switchboard.runtime.http.request;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The HTTP edge's settings for requests ({@code switchboard.http.requests}).
 *
 * @param sseKeepalive how often an idle event stream gets a comment line (below the idle timeouts)
 * @param maxCollectedBytes most payload bytes a non-streaming answer gathers before it is refused
 */
record RequestHttpSettings(Duration sseKeepalive, long maxCollectedBytes) {

  RequestHttpSettings {
    if (sseKeepalive.isNegative() || sseKeepalive.isZero()) {
      throw new IllegalArgumentException(
          "switchboard.http.requests.sse-keepalive must be above 0, got " + sseKeepalive);
    }
    if (maxCollectedBytes < 1) {
      throw new IllegalArgumentException(
          "switchboard.http.requests.max-collected-bytes must be at least 1, got "
              + maxCollectedBytes);
    }
  }

  static RequestHttpSettings fromConfig(Config requests) {
    return new RequestHttpSettings(
        requests.getDuration("sse-keepalive"), requests.getBytes("max-collected-bytes"));
  }
}
