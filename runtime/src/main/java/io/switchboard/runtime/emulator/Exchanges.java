package io.switchboard.runtime.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;

/** Writing whole answers on the JDK's HTTP server. */
final class Exchanges {

  private Exchanges() {}

  /** Sends a JSON body with this status and closes the exchange. */
  static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = OpenAiJson.MAPPER.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("content-type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Sends a refusal in vLLM's error shape. */
  static void sendError(HttpExchange exchange, OpenAiError refusal) throws IOException {
    sendJson(exchange, refusal.status(), OpenAiJson.error(refusal));
  }

  /** Refuses a method the endpoint does not take, as FastAPI does. */
  static void requireMethod(HttpExchange exchange, String method) {
    if (!exchange.getRequestMethod().equalsIgnoreCase(method)) {
      throw new OpenAiError(405, "MethodNotAllowed", "Method Not Allowed", null);
    }
  }

  /**
   * Ends the exchange as a crashed server would: the connection closes with no end to the response
   * (no last chunk, no {@code [DONE]}). The JDK's server closes the connection of a handler that
   * throws.
   */
  static RuntimeException dropConnection() {
    return new DroppedConnection();
  }

  /** Thrown out of a handler so that the server drops the connection. */
  static final class DroppedConnection extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DroppedConnection() {
      super("connection dropped on purpose (emulated crash)", null, false, false);
    }
  }
}
