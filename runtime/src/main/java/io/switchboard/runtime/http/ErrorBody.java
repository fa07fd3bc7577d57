package io.switchboard.runtime.http;

/** The body of every error answer: {@code {"error": {"code": "...", "message": "..."}}}. */
public record ErrorBody(Detail error) {

  /** The stable code and the human explanation. */
  public record Detail(String code, String message) {}

  public static ErrorBody of(String code, String message) {
    return new ErrorBody(new Detail(code, message));
  }
}
