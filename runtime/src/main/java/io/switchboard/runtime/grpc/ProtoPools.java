package io.switchboard.runtime.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.v1.Pool;
import io.switchboard.runtime.http.ApiException;
import java.io.IOException;

/**
 * Converts the gateway's pool views (the HTTP API's JSON) to and from {@code switchboard.v1}
 * messages.
 */
final class ProtoPools {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ProtoPools() {}

  static Pool toProto(ObjectNode view) {
    return Pool.newBuilder()
        .setModel(view.path("model").asText())
        .setSource(view.path("source").asText())
        .setAvailable(view.path("available").asBoolean())
        .setDefinitionJson(view.path("definition").toString())
        .build();
  }

  /** Returns the JSON of a definition, or throws INVALID_ARGUMENT naming what is wrong. */
  static JsonNode definition(String json) {
    try {
      return JSON.readTree(json.isEmpty() ? "null" : json);
    } catch (IOException e) {
      throw ApiException.invalid(
          "definition_json is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }
}
