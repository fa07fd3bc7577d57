package io.switchboard.request;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;

/**
 * How a caller's stream fails when its request ended without a final reply (failed, cancelled, or
 * past its deadline), with the tokens its worker reported generating before that end ({@link
 * #usage()}, null when it reported none).
 */
public final class RequestEndedException extends SwitchboardException {
  private final transient Usage usage;

  public RequestEndedException(ErrorCode code, String message, Usage usage) {
    super(code, message);
    this.usage = usage;
  }

  /** Returns the tokens the worker reported, or null. */
  public Usage usage() {
    return usage;
  }
}
