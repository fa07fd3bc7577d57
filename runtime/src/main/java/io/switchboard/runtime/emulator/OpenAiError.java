package io.switchboard.runtime.emulator;

/**
 * A refusal answered in vLLM's error shape, {@code {"error": {"message", "type", "param",
 * "code"}}}.
 *
 * @see OpenAiJson#error
 */
final class OpenAiError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String type;
  private final String param;

  OpenAiError(int status, String type, String message, String param) {
    super(message);
    this.status = status;
    this.type = type;
    this.param = param;
  }

  /** Returns a 400 {@code BadRequestError}, the answer to a request vLLM would not validate. */
  static OpenAiError badRequest(String message, String param) {
    return new OpenAiError(400, "BadRequestError", message, param);
  }

  /** Returns a 404 {@code NotFoundError} for a model this server does not serve. */
  static OpenAiError unknownModel(String model) {
    return new OpenAiError(
        404, "NotFoundError", "The model `" + model + "` does not exist.", "model");
  }

  int status() {
    return status;
  }

  String type() {
    return type;
  }

  String param() {
    return param;
  }
}
