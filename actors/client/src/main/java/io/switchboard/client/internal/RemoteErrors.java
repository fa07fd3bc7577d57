package io.switchboard.client.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Metadata;
import io.grpc.Status;
import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import io.switchboard.protocol.v1.Error;
import io.switchboard.request.RequestEndedException;
import io.switchboard.request.Usage;
import java.time.Duration;
import java.util.Set;

/**
 * Turns the node's refusals into {@link SwitchboardException}s: a per-message {@link Error}, or a
 * failed call's status with the {@code switchboard-error-bin} trailer. The wire code stays in the
 * exception's message when the library has no code of that name.
 */
public final class RemoteErrors {
  /** The trailer that carries an {@link Error} (see switchboard.proto). */
  public static final Metadata.Key<byte[]> ERROR_KEY =
      Metadata.Key.of("switchboard-error-bin", Metadata.BINARY_BYTE_MARSHALLER);

  /** Statuses after which the same call may work on a new connection. */
  private static final Set<Status.Code> TRANSIENT =
      Set.of(
          Status.Code.UNAVAILABLE,
          Status.Code.ABORTED,
          Status.Code.CANCELLED,
          Status.Code.DEADLINE_EXCEEDED,
          Status.Code.INTERNAL,
          Status.Code.UNKNOWN);

  private RemoteErrors() {}

  /** Returns the exception for one refused message or receipt. */
  public static SwitchboardException of(Error error) {
    ErrorCode code = codeOf(error.getCode(), null);
    String text = error.getCode() + ": " + error.getMessage();
    if (code == ErrorCode.OVERLOADED) {
      return new SwitchboardException.Overloaded(
          text, Duration.ofMillis(Math.max(0, error.getRetryAfterMillis())));
    }
    if (error.hasPromptTokens() || error.hasCompletionTokens()) {
      // the end of a request whose worker reported usage
      return new RequestEndedException(
          code, text, Usage.of(error.getPromptTokens(), error.getCompletionTokens()));
    }
    return new SwitchboardException(code, text);
  }

  /** Returns the exception for a failed call or stream. */
  public static SwitchboardException of(Throwable failure) {
    if (failure instanceof SwitchboardException refused) {
      return refused;
    }
    Status status = Status.fromThrowable(failure);
    Metadata trailers = Status.trailersFromThrowable(failure);
    Error error = trailers == null ? null : parse(trailers.get(ERROR_KEY));
    if (error != null) {
      return of(error);
    }
    String text =
        status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
    ErrorCode code = codeOf("", status.getCode());
    return code == ErrorCode.OVERLOADED
        ? new SwitchboardException.Overloaded(text, Duration.ZERO)
        : new SwitchboardException(code, text);
  }

  /** Returns whether a stream that failed so is worth opening again. */
  public static boolean isTransient(Throwable failure) {
    if (failure instanceof SwitchboardException refused) {
      return refused.code() == ErrorCode.NOT_READY;
    }
    Status.Code status = Status.fromThrowable(failure).getCode();
    Metadata trailers = Status.trailersFromThrowable(failure);
    Error error = trailers == null ? null : parse(trailers.get(ERROR_KEY));
    return TRANSIENT.contains(status)
        || (error != null && codeOf(error.getCode(), null) == ErrorCode.NOT_READY);
  }

  /** Returns the library's code for a wire code, else for the gRPC status. */
  static ErrorCode codeOf(String wire, Status.Code status) {
    switch (wire) {
      case "BACKLOG_FULL", "TOO_MANY_LONG_POLLS", "RATE_LIMITED" -> {
        return ErrorCode.OVERLOADED;
      }
      case "STALE_RECEIPT", "INVALID_RECEIPT" -> {
        return ErrorCode.UNKNOWN_RECEIPT;
      }
      case "STOPPING", "INTERNAL_ERROR" -> {
        return ErrorCode.NOT_READY;
      }
      default -> {
        for (ErrorCode code : ErrorCode.values()) {
          if (code.name().equals(wire)) {
            return code;
          }
        }
      }
    }
    if (status == null) {
      return ErrorCode.INVALID_ARGUMENT;
    }
    return switch (status) {
      case NOT_FOUND -> ErrorCode.UNKNOWN_TOPIC;
      case ALREADY_EXISTS -> ErrorCode.TOPIC_EXISTS;
      case RESOURCE_EXHAUSTED -> ErrorCode.OVERLOADED;
      case DEADLINE_EXCEEDED -> ErrorCode.TIMEOUT;
      case INVALID_ARGUMENT, OUT_OF_RANGE, FAILED_PRECONDITION -> ErrorCode.INVALID_ARGUMENT;
      // UNAVAILABLE, a broken connection, a node error: the node is not serving this now
      default -> ErrorCode.NOT_READY;
    };
  }

  private static Error parse(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    try {
      return Error.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      return null;
    }
  }
}
