package io.switchboard.request;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import java.time.Duration;

/**
 * How a request is sent. {@code timeout} sets its deadline ({@code now + timeout}); null takes
 * {@code switchboard.requests.default-timeout}.
 */
public record RequestOptions(Duration timeout) {

  /** Options with the configured default timeout. */
  public static final RequestOptions DEFAULT = new RequestOptions(null);

  public RequestOptions {
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new SwitchboardException(ErrorCode.INVALID_ARGUMENT, "timeout must be above 0, got " + timeout);
    }
  }

  /** Returns options whose deadline is {@code timeout} from when the request is sent. */
  public static RequestOptions timeout(Duration timeout) {
    return new RequestOptions(timeout);
  }
}
