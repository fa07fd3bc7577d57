package io.switchboard.runtime.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.UUID;

/**
 * The JSON every endpoint shares, shaped as vLLM's pydantic models serialize it: whole answers
 * carry every field (null included, {@code model_dump()}); the last chunk of a stream drops nulls.
 */
final class OpenAiJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private OpenAiJson() {}

  /** Reads a request body; a body that is not a JSON object is a 400. */
  static JsonNode read(InputStream body) {
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || !node.isObject()) {
        throw OpenAiError.badRequest("The request body must be a JSON object", null);
      }
      return node;
    } catch (JsonProcessingException e) {
      throw OpenAiError.badRequest(
          "The request body is not valid JSON: " + e.getOriginalMessage(), null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns an id as vLLM makes them: a prefix and 32 hex digits. */
  static String id(String prefix) {
    return prefix + UUID.randomUUID().toString().replace("-", "");
  }

  /** Returns {@code {"error": {"message", "type", "param", "code"}}}. */
  static ObjectNode error(OpenAiError refusal) {
    ObjectNode body = MAPPER.createObjectNode();
    body.putObject("error")
        .put("message", refusal.getMessage())
        .put("type", refusal.type())
        .put("param", refusal.param())
        .put("code", refusal.status());
    return body;
  }

  /**
   * Returns the usage of a turn; {@code prompt_tokens_details} only when reported, else null or
   * absent.
   */
  static ObjectNode usage(Turn turn, boolean details, boolean dropNulls) {
    int completion = turn.reply().completionTokens();
    ObjectNode usage =
        MAPPER
            .createObjectNode()
            .put("prompt_tokens", turn.promptTokens())
            .put("total_tokens", turn.promptTokens() + completion)
            .put("completion_tokens", completion);
    if (details) {
      usage.putObject("prompt_tokens_details").put("cached_tokens", turn.cachedTokens());
    } else if (!dropNulls) {
      usage.putNull("prompt_tokens_details");
    }
    return usage;
  }

  /** Returns the head every response and chunk starts with. */
  static ObjectNode head(String id, String object, long created, String model) {
    return MAPPER
        .createObjectNode()
        .put("id", id)
        .put("object", object)
        .put("created", created)
        .put("model", model);
  }

  /** Returns the stream's last chunk before {@code [DONE]}: no choices, the usage. */
  static ObjectNode usageChunk(ObjectNode head, Turn turn, boolean details) {
    ObjectNode chunk = head.deepCopy();
    chunk.putArray("choices");
    chunk.set("usage", usage(turn, details, true));
    return chunk;
  }

  /** Returns {@code GET /v1/models}: the one model served, as vLLM lists it. */
  static ObjectNode models(EmulatorSettings settings, long created) {
    ObjectNode list = MAPPER.createObjectNode().put("object", "list");
    ObjectNode card =
        list.putArray("data")
            .addObject()
            .put("id", settings.model())
            .put("object", "model")
            .put("created", created)
            .put("owned_by", "vllm")
            .put("root", settings.model())
            .putNull("parent")
            .put("max_model_len", settings.maxModelLen());
    card.putArray("permission")
        .addObject()
        .put("id", id("modelperm-"))
        .put("object", "model_permission")
        .put("created", created)
        .put("allow_create_engine", false)
        .put("allow_sampling", true)
        .put("allow_logprobs", true)
        .put("allow_search_indices", false)
        .put("allow_view", true)
        .put("allow_fine_tuning", false)
        .put("organization", "*")
        .putNull("group")
        .put("is_blocking", false);
    return list;
  }
}
