package io.switchboard.runtime.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.request.ReplyChunk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.util.ByteString;

/**
 * Writes a request's reply chunks as OpenAI answers them: Server-Sent Events ({@code data:
 * <chunk>}, the usage event when {@code stream_options.include_usage} asked for it, {@code data:
 * [DONE]}), or one whole {@code chat.completion} / {@code text_completion} made of the chunks.
 */
final class Answers {
  static final ByteString DONE = ByteString.fromString("data: [DONE]\n\n");

  /** An SSE comment: clients skip it; it only keeps a silent stream's connection alive. */
  static final ByteString KEEP_ALIVE = ByteString.fromString(": keep-alive\n\n");

  private final ObjectMapper json;
  private final FinalReply finalReply;

  Answers(ObjectMapper json) {
    this.json = json;
    this.finalReply = new FinalReply(json);
  }

  /**
   * Returns the events of one chunk (a chunk may carry several backend events, each its own {@code
   * data:} line); the final reply only when usage was asked for (else nothing).
   */
  ByteString event(ReplyChunk chunk, boolean includeUsage, FinalReply.Stamp stamp) {
    if (!chunk.last()) {
      ByteString events = ByteString.emptyByteString();
      for (byte[] event : RelayedEvents.split(chunk.payload())) {
        events = events.concat(event(event));
      }
      return events;
    }
    return includeUsage ? event(bytes(finalReply.of(chunk, stamp))) : ByteString.emptyByteString();
  }

  ByteString event(byte[] data) {
    return ByteString.fromString("data: ")
        .concat(ByteString.fromArray(data))
        .concat(ByteString.fromString("\n\n"));
  }

  /** Returns the whole answer of a streamed endpoint, or the final reply itself (embeddings). */
  ObjectNode whole(FinalReply.Stamp stamp, List<ReplyChunk> chunks) {
    Endpoint endpoint = stamp.endpoint();
    ObjectNode last = finalReply.of(chunks.get(chunks.size() - 1), stamp);
    if (!endpoint.streams()) {
      return last;
    }
    Map<Integer, StringBuilder> texts = new TreeMap<>();
    Map<Integer, JsonNode> finishReasons = new TreeMap<>();
    List<byte[]> events = new ArrayList<>();
    chunks
        .subList(0, chunks.size() - 1)
        .forEach(chunk -> events.addAll(RelayedEvents.split(chunk.payload())));
    for (byte[] event : events) {
      for (JsonNode choice : read(event).path("choices")) {
        int index = choice.path("index").asInt(0);
        JsonNode text =
            endpoint == Endpoint.CHAT ? choice.path("delta").path("content") : choice.path("text");
        texts.computeIfAbsent(index, i -> new StringBuilder()).append(text.asText(""));
        if (choice.hasNonNull("finish_reason")) {
          finishReasons.put(index, choice.get("finish_reason"));
        }
      }
    }
    ObjectNode whole = json.createObjectNode();
    whole.put("id", last.path("id").asText(stamp.answerId()));
    whole.put("object", endpoint == Endpoint.CHAT ? "chat.completion" : "text_completion");
    whole.set("created", last.path("created"));
    whole.set("model", last.path("model"));
    ArrayNode choices = whole.putArray("choices");
    texts.forEach(
        (index, text) -> {
          ObjectNode choice = choices.addObject().put("index", index);
          if (endpoint == Endpoint.CHAT) {
            choice
                .putObject("message")
                .put("role", "assistant")
                .put("content", text.toString())
                .putNull("refusal");
          } else {
            choice.put("text", text.toString());
          }
          choice.putNull("logprobs");
          choice.set("finish_reason", finishReasons.getOrDefault(index, json.nullNode()));
        });
    whole.set("usage", last.path("usage").isObject() ? last.get("usage") : json.nullNode());
    whole.putNull("system_fingerprint");
    return whole;
  }

  private byte[] bytes(JsonNode node) {
    try {
      return json.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ObjectNode read(byte[] payload) {
    try {
      return (ObjectNode) json.readTree(payload);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
