package io.switchboard.runtime.grpc;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import io.switchboard.protocol.v1.Error;
import io.switchboard.request.RequestEndedException;
import io.switchboard.runtime.http.ApiCodes;
import io.switchboard.runtime.http.ApiException;
import io.switchboard.runtime.quota.RateLimited;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns failures into the stable error vocabulary: an {@link Error} (a refused message's result, a
 * rejected receipt) or a gRPC status whose trailers carry that {@code Error} in {@link #ERROR_KEY}.
 */
final class GrpcErrors {
  private static final Logger log = LoggerFactory.getLogger(GrpcErrors.class);

  /** The trailer that holds the stable {@link Error} of a failed call. */
  static final Metadata.Key<Error> ERROR_KEY =
      Metadata.Key.of(
          "switchboard-error-bin", ProtoUtils.metadataMarshaller(Error.getDefaultInstance()));

  private final Duration defaultRetryAfter;

  GrpcErrors(Duration defaultRetryAfter) {
    this.defaultRetryAfter = defaultRetryAfter;
  }

  /** Returns the stable error of {@code failure}; unexpected ones are logged as INTERNAL_ERROR. */
  Error toError(Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof SwitchboardException.Overloaded overloaded) {
      return error(
          ErrorCode.OVERLOADED.name(),
          cause.getMessage(),
          overloaded.retryAfter() == null ? defaultRetryAfter : overloaded.retryAfter());
    }
    if (cause instanceof RateLimited limited) {
      return error(RateLimited.CODE, cause.getMessage(), limited.retryAfter());
    }
    if (cause instanceof RequestEndedException ended && ended.usage() != null) {
      return error(ended.code().name(), cause.getMessage(), Duration.ZERO).toBuilder()
          .setPromptTokens(ended.usage().promptTokens())
          .setCompletionTokens(ended.usage().completionTokens())
          .build();
    }
    if (cause instanceof SwitchboardException refused) {
      boolean retry =
          refused.code() == ErrorCode.JOURNAL_FULL
              || refused.code() == ErrorCode.NOT_READY
              || refused.code() == ErrorCode.TIMEOUT
              || refused.code() == ErrorCode.PARTITION_UNREACHABLE;
      return error(
          refused.code().name(), cause.getMessage(), retry ? defaultRetryAfter : Duration.ZERO);
    }
    if (cause instanceof ApiException api) {
      return error(api.code(), cause.getMessage(), Duration.ZERO);
    }
    if (cause instanceof IllegalArgumentException) {
      return error(ErrorCode.INVALID_ARGUMENT.name(), cause.getMessage(), Duration.ZERO);
    }
    if (cause instanceof TimeoutException) {
      return error(
          ErrorCode.TIMEOUT.name(), "no answer in time: " + cause.getMessage(), defaultRetryAfter);
    }
    if (cause instanceof UnsupportedOperationException) {
      return error(ApiCodes.NOT_IMPLEMENTED, String.valueOf(cause.getMessage()), Duration.ZERO);
    }
    log.error("gRPC call failed unexpectedly", cause);
    return error(
        ApiCodes.INTERNAL_ERROR,
        cause.getClass().getSimpleName() + ": " + cause.getMessage(),
        Duration.ZERO);
  }

  /**
   * Returns the exception that ends a call with the status of {@code failure} and its Error
   * trailer.
   */
  StatusRuntimeException toStatus(Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof StatusRuntimeException already) {
      return already;
    }
    Error error = toError(cause);
    return status(statusCode(cause, error.getCode()), error);
  }

  /** Returns the exception that ends a call with {@code code} and {@code error} in its trailers. */
  static StatusRuntimeException status(Status.Code code, Error error) {
    Metadata trailers = new Metadata();
    trailers.put(ERROR_KEY, error);
    return Status.fromCode(code)
        .withDescription(error.getCode() + ": " + error.getMessage())
        .asRuntimeException(trailers);
  }

  static Error error(String code, String message, Duration retryAfter) {
    return Error.newBuilder()
        .setCode(code)
        .setMessage(String.valueOf(message))
        .setRetryAfterMillis(retryAfter.toMillis())
        .build();
  }

  private static Status.Code statusCode(Throwable cause, String code) {
    if (cause instanceof ApiException api) {
      return switch (api.status().intValue()) {
        case 404 -> Status.Code.NOT_FOUND;
        case 409 -> Status.Code.ALREADY_EXISTS;
        case 429 -> Status.Code.RESOURCE_EXHAUSTED;
        case 501 -> Status.Code.UNIMPLEMENTED;
        case 503 -> Status.Code.UNAVAILABLE;
        default ->
            api.status().intValue() < 500 ? Status.Code.INVALID_ARGUMENT : Status.Code.INTERNAL;
      };
    }
    if (cause instanceof SwitchboardException refused) {
      return statusCode(refused.code());
    }
    return switch (code) {
      case "INVALID_ARGUMENT" -> Status.Code.INVALID_ARGUMENT;
      case RateLimited.CODE -> Status.Code.RESOURCE_EXHAUSTED;
      case "TIMEOUT" -> Status.Code.UNAVAILABLE;
      case ApiCodes.NOT_IMPLEMENTED -> Status.Code.UNIMPLEMENTED;
      default -> Status.Code.INTERNAL;
    };
  }

  /** Returns the gRPC status of a library error code (the HTTP API's statuses, in gRPC's terms). */
  static Status.Code statusCode(ErrorCode code) {
    return switch (code) {
      case INVALID_NAME, INVALID_MESSAGE, INVALID_ARGUMENT, UNKNOWN_RECEIPT, PAYLOAD_TOO_LARGE ->
          Status.Code.INVALID_ARGUMENT;
      case UNKNOWN_TOPIC, UNKNOWN_GROUP -> Status.Code.NOT_FOUND;
      case TOPIC_EXISTS, GROUP_EXISTS -> Status.Code.ALREADY_EXISTS;
      case OVERLOADED, JOURNAL_FULL -> Status.Code.RESOURCE_EXHAUSTED;
      case NOT_READY, TIMEOUT, PARTITION_UNREACHABLE -> Status.Code.UNAVAILABLE;
      case DEADLINE_EXCEEDED -> Status.Code.DEADLINE_EXCEEDED;
      case CANCELLED -> Status.Code.CANCELLED;
      case REQUEST_FAILED -> Status.Code.ABORTED;
      case UNKNOWN_REQUEST, EXPIRED -> Status.Code.NOT_FOUND;
    };
  }

  static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
