package io.switchboard.runtime.http.binding;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import io.switchboard.routing.Route;

/**
 * A binding in a body or query: messages whose type matches {@code pattern} go to {@code topic}.
 */
public record RouteRequest(String pattern, String topic) {

  /** Returns the library's route, or throws (400) when a field is missing or invalid. */
  public Route toRoute() {
    if (pattern == null || topic == null) {
      throw new SwitchboardException(
          ErrorCode.INVALID_ARGUMENT, "a route needs a pattern and a topic");
    }
    return new Route(pattern, topic);
  }
}
