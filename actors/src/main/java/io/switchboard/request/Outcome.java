package io.switchboard.request;

import io.switchboard.ErrorCode;

/**
 * How a request ended (or why a worker must stop); every end but {@link #COMPLETED} is an error for
 * the caller.
 */
public enum Outcome {
  COMPLETED(null),
  FAILED(ErrorCode.REQUEST_FAILED),
  CANCELLED(ErrorCode.CANCELLED),
  DEADLINE_EXCEEDED(ErrorCode.DEADLINE_EXCEEDED),
  /** Not an end of the request: the delivery a worker runs was given to another (lease ended). */
  SUPERSEDED(ErrorCode.CANCELLED);

  private final ErrorCode error;

  Outcome(ErrorCode error) {
    this.error = error;
  }

  /** Returns the error a caller's stream fails with, or null for a completed request. */
  public ErrorCode error() {
    return error;
  }
}
