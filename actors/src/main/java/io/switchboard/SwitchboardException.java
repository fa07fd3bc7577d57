package io.switchboard;

import java.time.Duration;
import java.util.Objects;

/**
 * A refused request: the {@link ErrorCode} is stable and machine-readable, the message says what
 * was wrong and with which value. A refused request changes nothing.
 */
public class SwitchboardException extends RuntimeException {
  private final ErrorCode code;

  public SwitchboardException(ErrorCode code, String message) {
    super(message);
    this.code = Objects.requireNonNull(code);
  }

  public ErrorCode code() {
    return code;
  }

  /** Thrown when a partition's backlog is full; retry after {@link #retryAfter()}. */
  public static final class Overloaded extends SwitchboardException {
    private final Duration retryAfter;

    public Overloaded(String message, Duration retryAfter) {
      super(ErrorCode.OVERLOADED, message);
      this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
      return retryAfter;
    }
  }

  /** Thrown when a partition's node may be unreachable; retry after {@link #retryAfter()}. */
  public static final class Unreachable extends SwitchboardException {
    private final Duration retryAfter;

    public Unreachable(String message, Duration retryAfter) {
      super(ErrorCode.PARTITION_UNREACHABLE, message);
      this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
      return retryAfter;
    }
  }
}
