package io.switchboard.runtime.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.message.Message;
import io.switchboard.message.MessageIds;
import io.switchboard.priority.SchedulingHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Turns one OpenAI call into the Switchboard request that carries it: the caller's body as payload,
 * the endpoint as type, the conversation (or {@code user}) as key, and the headers the partition
 * balances by: priority band, tenant and estimated cost in tokens.
 */
final class CallMessage {
  private CallMessage() {}

  /** Returns the request message of a call to {@code endpoint} of {@code pool}. */
  static Message of(
      Endpoint endpoint,
      PoolSettings pool,
      ObjectNode body,
      byte[] bytes,
      String tenant,
      Optional<String> priority,
      Optional<String> conversation) {
    String key =
        conversation.orElseGet(
            () -> body.path("user").isTextual() ? body.get("user").asText() : null);
    var builder =
        Message.builder(pool.topic())
            .id(MessageIds.next())
            .type(endpoint.type())
            .key(key == null || key.isEmpty() ? null : key)
            .header(SchedulingHeaders.TENANT, tenant)
            .header(SchedulingHeaders.COST, Long.toString(cost(endpoint, pool, body)))
            .payload(bytes, "application/json");
    priority.ifPresent(band -> builder.header(SchedulingHeaders.PRIORITY, band));
    return builder.build();
  }

  /**
   * Estimates a call's tokens: the prompt's UTF-8 bytes / 4 (about what BPE tokenizers give for
   * English) plus max_completion_tokens, max_tokens, or the pool's default-max-tokens.
   */
  static long cost(Endpoint endpoint, PoolSettings pool, JsonNode body) {
    long promptBytes =
        text(body.path(endpoint.requiredField())).getBytes(StandardCharsets.UTF_8).length;
    long prompt = (promptBytes + 3) / 4;
    if (endpoint == Endpoint.EMBEDDINGS) {
      return prompt;
    }
    JsonNode limit =
        body.hasNonNull("max_completion_tokens")
            ? body.get("max_completion_tokens")
            : body.get("max_tokens");
    return prompt
        + (limit != null && limit.canConvertToLong()
            ? Math.max(0, limit.asLong())
            : pool.defaultMaxTokens());
  }

  /** Returns the text of a prompt: strings, message contents and text parts, joined. */
  private static String text(JsonNode node) {
    if (node.isTextual()) {
      return node.asText();
    }
    StringBuilder text = new StringBuilder();
    if (node.isArray()) {
      node.forEach(
          item ->
              text.append(
                      text(
                          item.isObject()
                              ? item.path("content").isMissingNode()
                                  ? item.path("text")
                                  : item.path("content")
                              : item))
                  .append(' '));
    }
    return text.toString();
  }
}
