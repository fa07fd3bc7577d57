package io.switchboard.runtime.http.request;

import io.switchboard.request.ReplyChunk;
import io.switchboard.request.Usage;
import io.switchboard.runtime.http.ErrorBody;
import io.switchboard.runtime.http.JsonCodec;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.util.ByteString;

/**
 * Writes a request's answer as Server-Sent Events: {@code accepted} first, each chunk as {@code
 * chunk} with {@code id: <seq>} (the cursor a reconnect sends back as Last-Event-ID), the final
 * reply as {@code final}, a failure as {@code error} (with {@code usage} when the worker of a
 * failed, cancelled or timed-out request reported it). Data lines are one-line JSON.
 */
final class ReplyEvents {
  /** A comment line: keeps an idle connection open through proxies and idle timeouts. */
  static final ByteString KEEP_ALIVE = ByteString.fromString(": keep-alive\n\n");

  private final JsonCodec json;

  ReplyEvents(JsonCodec json) {
    this.json = json;
  }

  ByteString accepted(String requestId) {
    return event(null, "accepted", new Accepted(requestId));
  }

  ByteString chunk(ReplyChunk chunk) {
    return event(Long.toString(chunk.seq()), chunk.last() ? "final" : "chunk", ChunkView.of(chunk));
  }

  ByteString error(String code, String message) {
    return event(null, "error", ErrorBody.of(code, message));
  }

  /** The error that ended a request whose worker reported the tokens it generated. */
  ByteString error(String code, String message, Usage usage) {
    return event(null, "error", new Ended(ErrorBody.of(code, message).error(), usage));
  }

  private ByteString event(String id, String type, Object data) {
    StringBuilder event = new StringBuilder();
    if (id != null) {
      event.append("id: ").append(id).append('\n');
    }
    event
        .append("event: ")
        .append(type)
        .append('\n')
        .append("data: ")
        .append(new String(json.write(data), StandardCharsets.UTF_8))
        .append("\n\n");
    return ByteString.fromString(event.toString());
  }

  /** The data of the {@code accepted} event. */
  record Accepted(String requestId) {}

  /** The data of an {@code error} event that carries usage. */
  record Ended(ErrorBody.Detail error, Usage usage) {}
}
