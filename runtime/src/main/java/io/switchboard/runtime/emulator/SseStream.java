package io.switchboard.runtime.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A server-sent event stream framed as vLLM frames it: {@code data: <json>\n\n}, each flushed at
 * once.
 */
final class SseStream {
  private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);
  private final OutputStream out;

  /** Sends the 200 head of the stream (chunked). */
  SseStream(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("content-type", "text/event-stream; charset=utf-8");
    exchange.sendResponseHeaders(200, 0);
    this.out = exchange.getResponseBody();
  }

  /** Sends one event and flushes it to the wire. */
  void send(JsonNode chunk) throws IOException {
    out.write(
        ("data: " + OpenAiJson.MAPPER.writeValueAsString(chunk) + "\n\n")
            .getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** Sends {@code data: [DONE]} and ends the response. */
  void done() throws IOException {
    out.write(DONE);
    out.close();
  }
}
