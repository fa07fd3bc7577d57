package io.switchboard.runtime.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.request.ReplyChunk;
import io.switchboard.request.Usage;
import java.io.IOException;

/**
 * The final reply of a call, both ways: what a worker's usage event (or whole answer) reports as
 * {@link Usage} to the node, and the usage event the caller gets when the worker reported its
 * tokens with {@code complete(last, Usage)} only. Usage the payload carries itself passes as the
 * worker wrote it.
 */
final class FinalReply {
  private final ObjectMapper json;

  /** What every event of one call's answer carries: its endpoint, id, model and created. */
  record Stamp(Endpoint endpoint, String answerId, String model, long created) {}

  FinalReply(ObjectMapper json) {
    this.json = json;
  }

  /**
   * Returns the tokens an OpenAI usage event or whole answer reports ({@code usage.prompt_tokens},
   * {@code usage.completion_tokens}), or null when it has no usage.
   */
  static Usage usageOf(JsonNode answer) {
    JsonNode usage = answer == null ? null : answer.get("usage");
    if (usage == null || !usage.isObject() || !usage.path("prompt_tokens").canConvertToLong()) {
      return null;
    }
    return Usage.of(
        Math.max(0, usage.path("prompt_tokens").asLong()),
        Math.max(0, usage.path("completion_tokens").asLong(0)));
  }

  /**
   * Returns the final reply as the caller sees it: the payload when it is an object with its own
   * {@code usage}; else that object (or, for a payload that is not one, a usage event stamped with
   * the call's id, object, created and model) with the usage the worker reported, {@code
   * total_tokens} their sum, or {@code null} when it reported none.
   */
  ObjectNode of(ReplyChunk last, Stamp stamp) {
    Endpoint endpoint = stamp.endpoint();
    JsonNode payload = read(last.payload());
    if (payload instanceof ObjectNode answer && answer.path("usage").isObject()) {
      return answer;
    }
    ObjectNode answer;
    if (payload instanceof ObjectNode object) {
      answer = object;
    } else {
      answer = json.createObjectNode();
      answer.put("id", stamp.answerId());
      if (endpoint.streams()) {
        answer.put(
            "object", endpoint == Endpoint.CHAT ? "chat.completion.chunk" : "text_completion");
        answer.put("created", stamp.created());
        answer.put("model", stamp.model());
        answer.putArray("choices");
      } else {
        answer.put("object", "list").put("model", stamp.model()).putArray("data");
      }
    }
    Usage usage = last.usage();
    if (usage == null) {
      answer.putNull("usage");
      return answer;
    }
    ObjectNode counts = answer.putObject("usage").put("prompt_tokens", usage.promptTokens());
    if (endpoint.streams()) {
      counts.put("completion_tokens", usage.completionTokens());
    }
    counts.put("total_tokens", usage.promptTokens() + usage.completionTokens());
    return answer;
  }

  private JsonNode read(byte[] payload) {
    try {
      return payload.length == 0 ? null : json.readTree(payload);
    } catch (IOException e) {
      return null; // not JSON: the final reply is made of the reported usage alone
    }
  }
}
