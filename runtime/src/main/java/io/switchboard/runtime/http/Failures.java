package io.switchboard.runtime.http;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import io.switchboard.runtime.quota.RateLimited;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.scaladsl.model.EntityStreamException;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.http.scaladsl.model.ErrorInfo;
import org.apache.pekko.http.scaladsl.model.IllegalRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns any failure of a request into a JSON error answer with a stable code and status. */
public final class Failures {
  private static final Logger log = LoggerFactory.getLogger(Failures.class);

  private final JsonCodec json;
  private final Duration defaultRetryAfter;

  public Failures(JsonCodec json, Duration defaultRetryAfter) {
    this.json = json;
    this.defaultRetryAfter = defaultRetryAfter;
  }

  /** Returns the answer for {@code failure}; unexpected ones are logged and answered with 500. */
  public HttpResponse toResponse(Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof SwitchboardException.Overloaded overloaded) {
      return retryable(StatusCodes.TOO_MANY_REQUESTS, overloaded, overloaded.retryAfter());
    }
    if (cause instanceof RateLimited limited) {
      return error(StatusCodes.TOO_MANY_REQUESTS, RateLimited.CODE, limited.getMessage())
          .addHeader(RetryAfter.create(seconds(limited.retryAfter())));
    }
    if (cause instanceof SwitchboardException.Unreachable unreachable) {
      return retryable(StatusCodes.SERVICE_UNAVAILABLE, unreachable, unreachable.retryAfter());
    }
    if (cause instanceof SwitchboardException refused) {
      StatusCode status = status(refused.code());
      // every 503 is worth retrying (the cluster is moving a partition or starting): say when
      return status == StatusCodes.SERVICE_UNAVAILABLE
          ? retryable(status, refused, null)
          : error(status, refused.code().name(), cause.getMessage());
    }
    if (cause instanceof ApiException api) {
      return error(api.status(), api.code(), api.getMessage());
    }
    if (cause instanceof EntityStreamSizeException size) {
      return error(
          StatusCodes.CONTENT_TOO_LARGE,
          ApiCodes.PAYLOAD_TOO_LARGE,
          "request body is larger than "
              + size.limit()
              + " bytes (switchboard.http.max-body-bytes)");
    }
    if (cause instanceof EntityStreamException broken) {
      return bodyStreamFailure(broken.info());
    }
    if (cause instanceof IllegalRequestException illegal) {
      return error(
          illegal.status(),
          ApiCodes.forStatus(illegal.status().intValue()),
          illegal.info().summary());
    }
    if (cause instanceof IllegalArgumentException) {
      return error(StatusCodes.BAD_REQUEST, "INVALID_ARGUMENT", cause.getMessage());
    }
    if (cause instanceof TimeoutException) {
      return error(
          StatusCodes.SERVICE_UNAVAILABLE, "TIMEOUT", "no answer in time: " + cause.getMessage());
    }
    if (cause instanceof UnsupportedOperationException) {
      return error(
          StatusCodes.NOT_IMPLEMENTED,
          ApiCodes.NOT_IMPLEMENTED,
          String.valueOf(cause.getMessage()));
    }
    log.error("Request failed unexpectedly", cause);
    return error(
        StatusCodes.INTERNAL_SERVER_ERROR,
        ApiCodes.INTERNAL_ERROR,
        cause.getClass().getSimpleName() + ": " + cause.getMessage());
  }

  private HttpResponse retryable(StatusCode status, SwitchboardException refused, Duration hint) {
    Duration after = hint == null ? defaultRetryAfter : hint;
    return error(status, refused.code().name(), refused.getMessage())
        .addHeader(RetryAfter.create(seconds(after)));
  }

  /**
   * Returns {@code after} in whole seconds, rounded up, at least 1 (Retry-After counts seconds).
   */
  private static long seconds(Duration after) {
    return Math.max(1, (after.toMillis() + 999) / 1000);
  }

  private HttpResponse bodyStreamFailure(ErrorInfo info) {
    // a chunked body only shows its size while it streams: pekko reports it with this summary
    if (info.summary().startsWith("Request too large")) {
      return error(
          StatusCodes.CONTENT_TOO_LARGE,
          ApiCodes.PAYLOAD_TOO_LARGE,
          "request body is too large (switchboard.http.max-body-bytes): " + info.detail());
    }
    return error(
        StatusCodes.BAD_REQUEST,
        ApiCodes.MALFORMED_REQUEST,
        "the request body is not valid HTTP: " + info.summary());
  }

  /** Returns a JSON error answer. */
  public HttpResponse error(StatusCode status, String code, String message) {
    return json.response(status, ErrorBody.of(code, message));
  }

  /** Returns the HTTP status of a library error code. */
  public static StatusCode status(ErrorCode code) {
    return switch (code) {
      case INVALID_NAME, INVALID_MESSAGE, INVALID_ARGUMENT, UNKNOWN_RECEIPT ->
          StatusCodes.BAD_REQUEST;
      case PAYLOAD_TOO_LARGE -> StatusCodes.CONTENT_TOO_LARGE;
      case UNKNOWN_TOPIC, UNKNOWN_GROUP -> StatusCodes.NOT_FOUND;
      case TOPIC_EXISTS, GROUP_EXISTS -> StatusCodes.CONFLICT;
      case OVERLOADED -> StatusCodes.TOO_MANY_REQUESTS;
      case NOT_READY, TIMEOUT, PARTITION_UNREACHABLE -> StatusCodes.SERVICE_UNAVAILABLE;
      case JOURNAL_FULL -> StatusCodes.INSUFFICIENT_STORAGE;
      case DEADLINE_EXCEEDED -> StatusCodes.GATEWAY_TIMEOUT;
      case CANCELLED -> StatusCodes.CONFLICT;
      case REQUEST_FAILED -> StatusCodes.BAD_GATEWAY;
      case UNKNOWN_REQUEST -> StatusCodes.NOT_FOUND;
      case EXPIRED -> StatusCodes.GONE;
    };
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
