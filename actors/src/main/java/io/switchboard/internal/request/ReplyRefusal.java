package io.switchboard.internal.request;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;

/**
 * Why a reply stream refused a worker's write or a caller's read: a typed refusal that crosses the
 * cluster as any {@link SwitchboardException} does, with the label the request metrics count it
 * under (a late writer: superseded, cancelled, deadline_exceeded, ended; none for a mistake).
 */
final class ReplyRefusal extends SwitchboardException {
  private final String label;

  private ReplyRefusal(ErrorCode code, String message, String label) {
    super(code, message);
    this.label = label;
  }

  /** A refusal the metrics do not count (the worker's own mistake, a bad cursor). */
  static ReplyRefusal of(ErrorCode code, String message) {
    return new ReplyRefusal(code, message, null);
  }

  /** The writer's generation was handed to another worker. */
  static ReplyRefusal superseded(String message) {
    return new ReplyRefusal(ErrorCode.CANCELLED, message, "superseded");
  }

  /** The caller cancelled the request. */
  static ReplyRefusal cancelled(String message) {
    return new ReplyRefusal(ErrorCode.CANCELLED, message, "cancelled");
  }

  /** The request's deadline passed. */
  static ReplyRefusal deadlineExceeded(String message) {
    return new ReplyRefusal(ErrorCode.DEADLINE_EXCEEDED, message, "deadline_exceeded");
  }

  /** The request ended otherwise (completed or failed) before this write. */
  static ReplyRefusal ended(String message) {
    return new ReplyRefusal(ErrorCode.INVALID_ARGUMENT, message, "ended");
  }

  /** Returns the metrics label of a late writer's refusal, or null for one not counted. */
  String label() {
    return label;
  }
}
