package io.switchboard.runtime.http.publish;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.runtime.http.ApiContext;
import io.switchboard.runtime.http.ApiException;
import java.util.ArrayList;
import java.util.List;

/** A publish body: one message object, or {@code {"messages": [...]}} for a batch. */
record PublishBody(List<MessageRequest> messages, boolean batch) {

  /** Reads a body tree, or throws a 400 naming what is wrong. */
  static PublishBody parse(JsonNode body, ApiContext api) {
    if (!body.isObject()) {
      throw ApiException.invalid("expected a message object or {\"messages\": [...]}");
    }
    JsonNode batch = body.get("messages");
    if (batch == null) {
      return new PublishBody(List.of(api.convert(body, MessageRequest.class)), false);
    }
    if (body.size() != 1 || !batch.isArray()) {
      throw ApiException.invalid("a batch is {\"messages\": [...]} with nothing else");
    }
    int max = api.settings().maxBatch();
    if (batch.isEmpty() || batch.size() > max) {
      throw ApiException.invalid(
          "a batch holds 1 to " + max + " messages (switchboard.http.max-batch), got " + batch.size());
    }
    List<MessageRequest> messages = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      try {
        messages.add(api.convert(batch.get(i), MessageRequest.class));
      } catch (ApiException e) {
        throw ApiException.invalid("messages[" + i + "]: " + e.getMessage());
      }
    }
    return new PublishBody(messages, true);
  }
}
