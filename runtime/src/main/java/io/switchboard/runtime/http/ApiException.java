package io.switchboard.runtime.http;

import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/** A request refused by the HTTP layer itself (before the library saw it), with its status. */
public final class ApiException extends RuntimeException {
  private final StatusCode status;
  private final String code;

  public ApiException(StatusCode status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  public StatusCode status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** Returns a 400 for a body that is not JSON at all. */
  public static ApiException malformed(String message) {
    return new ApiException(StatusCodes.BAD_REQUEST, ApiCodes.MALFORMED_JSON, message);
  }

  /** Returns a 400 for JSON of the wrong shape or a value out of range. */
  public static ApiException invalid(String message) {
    return new ApiException(StatusCodes.BAD_REQUEST, "INVALID_ARGUMENT", message);
  }

  /** Returns a 413 for a body over {@code switchboard.http.max-body-bytes}. */
  public static ApiException tooLarge(long limit) {
    return new ApiException(
        StatusCodes.CONTENT_TOO_LARGE,
        "PAYLOAD_TOO_LARGE",
        "request body is larger than " + limit + " bytes (switchboard.http.max-body-bytes)");
  }
}
