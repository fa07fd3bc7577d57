package io.switchboard.runtime.http.publish;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import io.switchboard.runtime.http.ApiContext;
import io.switchboard.runtime.http.ApiException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A publish body: one message object, or {@code {"messages": [...]}} for a batch. Read in one pass
 * over the bytes, so each JSON payload is kept exactly as it was written.
 */
record PublishBody(List<MessageRequest> messages, boolean batch) {
  private static final String SHAPE = "expected a message object or {\"messages\": [...]}";

  /** Reads a body, or throws a 400 naming what is wrong. */
  static PublishBody parse(byte[] body, ApiContext api) {
    return api.json()
        .read(body, (parser, reader) -> read(parser, reader.forType(MessageRequest.class), api));
  }

  private static PublishBody read(JsonParser parser, ObjectReader reader, ApiContext api)
      throws IOException {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      throw ApiException.invalid(SHAPE);
    }
    if (parser.nextToken() == JsonToken.FIELD_NAME && parser.currentName().equals("messages")) {
      return new PublishBody(batch(parser, reader, api), true);
    }
    MessageRequest single = reader.readValue(parser);
    return new PublishBody(List.of(single), false);
  }

  private static List<MessageRequest> batch(JsonParser parser, ObjectReader reader, ApiContext api)
      throws IOException {
    if (parser.nextToken() != JsonToken.START_ARRAY) {
      throw ApiException.invalid("a batch is {\"messages\": [...]} with nothing else");
    }
    int max = api.settings().maxBatch();
    List<MessageRequest> messages = new ArrayList<>();
    for (JsonToken token = parser.nextToken();
        token != JsonToken.END_ARRAY;
        token = parser.nextToken()) {
      if (messages.size() == max) {
        throw ApiException.invalid(
            "a batch holds 1 to " + max + " messages (switchboard.http.max-batch), got more");
      }
      messages.add(element(parser, reader, api, messages.size()));
    }
    if (messages.isEmpty()) {
      throw ApiException.invalid(
          "a batch holds 1 to " + max + " messages (switchboard.http.max-batch), got 0");
    }
    if (parser.nextToken() != JsonToken.END_OBJECT) {
      throw ApiException.invalid("a batch is {\"messages\": [...]} with nothing else");
    }
    return messages;
  }

  private static MessageRequest element(
      JsonParser parser, ObjectReader reader, ApiContext api, int index) throws IOException {
    try {
      if (parser.currentToken() != JsonToken.START_OBJECT) {
        throw ApiException.invalid("expected a JSON object");
      }
      return reader.readValue(parser);
    } catch (ApiException e) {
      throw at(index, e);
    } catch (JsonMappingException e) {
      throw at(index, api.json().translate(e));
    }
  }

  /** Returns the refusal with the element's index in front, keeping its status and code. */
  private static ApiException at(int index, ApiException refusal) {
    return new ApiException(
        refusal.status(), refusal.code(), "messages[" + index + "]: " + refusal.getMessage());
  }
}
