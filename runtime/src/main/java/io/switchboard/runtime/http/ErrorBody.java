package io.switchboard.runtime.http;

import io.switchboard.message.Text;

/** The body of every error answer: {@code {"error": {"code": "...", "message": "..."}}}. */
public record ErrorBody(Detail error) {

  /** The stable code and the human explanation. */
  public record Detail(String code, String message) {}

  /** Returns the body; a message that echoes input is escaped so that it can always be encoded. */
  public static ErrorBody of(String code, String message) {
    return new ErrorBody(new Detail(code, Text.escape(message)));
  }
}
