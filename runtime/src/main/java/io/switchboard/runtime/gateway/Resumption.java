package io.switchboard.runtime.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.request.ReplyChunk;
import io.switchboard.runtime.gateway.BackendSettings.Continuation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * One attempt at a call: what earlier attempts already streamed to the caller, the body to send
 * this backend so that it continues from there, and each of its chunks rewritten as the caller must
 * see them (one id, the pool's model name, no second role event, no repeated text). Used by one
 * call at a time.
 */
final class Resumption {
  private final Endpoint endpoint;
  private final ObjectMapper json;
  private final String answerId;
  private final String model;
  private final long created;
  private final Continuation continuation;
  private final boolean resumed;
  private final String textSoFar;
  private final int tokensSoFar;
  private int charsToSkip;

  Resumption(
      Endpoint endpoint,
      ObjectMapper json,
      String answerId,
      String model,
      long created,
      Continuation continuation,
      List<ReplyChunk> streamed) {
    this.endpoint = endpoint;
    this.json = json;
    this.answerId = answerId;
    this.model = model;
    this.created = created;
    this.continuation = continuation;
    this.resumed = !streamed.isEmpty();
    StringBuilder text = new StringBuilder();
    int tokens = 0;
    for (ReplyChunk chunk : streamed) {
      for (byte[] event :
          RelayedEvents.split(chunk.payload())) { // a chunk may carry several events
        String piece = text(read(event));
        if (!piece.isEmpty()) {
          text.append(piece);
          tokens++; // a backend streams a token (or a few) per event: the count is what usage can
          // be corrected by
        }
      }
    }
    this.textSoFar = text.toString();
    this.tokensSoFar = tokens;
    this.charsToSkip = resumed && continuation == Continuation.REGENERATE ? textSoFar.length() : 0;
  }

  /** Returns whether this attempt continues a stream an earlier attempt broke off. */
  boolean resumed() {
    return resumed;
  }

  /** Returns the body for the backend: the caller's, streamed, and continuing what was sent. */
  ObjectNode backendBody(ObjectNode callerBody, String backendModel) {
    ObjectNode body = callerBody.deepCopy();
    body.put("model", backendModel);
    if (!endpoint.streams()) {
      return body;
    }
    body.put("stream", true);
    body.putObject("stream_options").put("include_usage", true);
    if (!resumed || continuation != Continuation.ASSISTANT_PREFIX) {
      return body;
    }
    lowerLimit(body, "max_tokens");
    lowerLimit(body, "max_completion_tokens");
    if (endpoint == Endpoint.CHAT) {
      ((ArrayNode) body.get("messages"))
          .addObject()
          .put("role", "assistant")
          .put("content", textSoFar);
      body.put("continue_final_message", true);
      body.put("add_generation_prompt", false);
    } else if (body.path("prompt").isTextual()) {
      body.put(
          "prompt", body.get("prompt").asText() + textSoFar); // a completion continues its prompt
    } else {
      charsToSkip = textSoFar.length(); // a list of prompts cannot take a prefix: regenerate
    }
    return body;
  }

  /** Returns a backend chunk as the caller sees it, or null when the caller must not see it. */
  ObjectNode relay(ObjectNode chunk) {
    stamp(chunk);
    JsonNode choices = chunk.path("choices");
    if (!resumed || !choices.isArray() || choices.isEmpty()) {
      return chunk;
    }
    ObjectNode choice = (ObjectNode) choices.get(0);
    ObjectNode delta = choice.path("delta").isObject() ? (ObjectNode) choice.get("delta") : null;
    if (delta != null) {
      delta.remove("role"); // the caller had the role event from the first backend
    }
    String field = endpoint == Endpoint.CHAT ? "content" : "text";
    ObjectNode holder = delta != null ? delta : choice;
    String text = holder.path(field).asText("");
    if (charsToSkip > 0 && !text.isEmpty()) {
      int skip = Math.min(charsToSkip, text.length());
      charsToSkip -= skip;
      text = text.substring(skip);
      holder.put(field, text);
    }
    return text.isEmpty() && !choice.hasNonNull("finish_reason") ? null : chunk;
  }

  /**
   * Returns the final reply: the backend's usage event (or an empty one), usage counted from the
   * start.
   */
  ObjectNode last(ObjectNode usageChunk) {
    ObjectNode last = usageChunk != null ? usageChunk : json.createObjectNode();
    stamp(last);
    if (!last.has("choices")) {
      last.putArray("choices");
    }
    JsonNode usage = last.path("usage");
    if (resumed && continuation == Continuation.ASSISTANT_PREFIX && usage.isObject()) {
      // the prefix was prompt to this backend, output to the caller
      ObjectNode counts = (ObjectNode) usage;
      counts.put("prompt_tokens", Math.max(0, counts.path("prompt_tokens").asInt() - tokensSoFar));
      counts.put("completion_tokens", counts.path("completion_tokens").asInt() + tokensSoFar);
    }
    if (!last.has("usage")) {
      last.putNull("usage");
    }
    return last;
  }

  /** Returns a whole (embeddings) answer with the pool's model name. */
  ObjectNode whole(ObjectNode answer) {
    answer.put("model", model);
    return answer;
  }

  private void stamp(ObjectNode chunk) {
    chunk.put("id", answerId);
    chunk.put("object", endpoint == Endpoint.CHAT ? "chat.completion.chunk" : "text_completion");
    chunk.put("created", created);
    chunk.put("model", model);
  }

  private void lowerLimit(ObjectNode body, String field) {
    if (body.path(field).canConvertToInt()) {
      body.put(field, Math.max(1, body.get(field).asInt() - tokensSoFar));
    }
  }

  /** Returns the text a relayed chunk carries (chat delta content or completion text). */
  String text(JsonNode chunk) {
    JsonNode choice = chunk.path("choices").path(0);
    return endpoint == Endpoint.CHAT
        ? choice.path("delta").path("content").asText("")
        : choice.path("text").asText("");
  }

  private JsonNode read(byte[] payload) {
    try {
      return json.readTree(payload);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
