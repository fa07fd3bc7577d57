package io.switchboard.runtime.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An error to answer the caller with: a status and an OpenAI error body. A connector ends a request
 * with it ({@code fail(reason)}, the reason this record as JSON), so the front answers the
 * backend's 4xx with its own status and body.
 */
record BackendError(int status, JsonNode body) {

  /** Returns the failure reason that carries this error to the front. */
  String toReason(ObjectMapper json) {
    ObjectNode reason = json.createObjectNode();
    reason.put("status", status);
    reason.set("body", body);
    try {
      return json.writeValueAsString(reason);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads a reason written by {@link #toReason}; any other reason is a 502 carrying its text. */
  static BackendError parse(ObjectMapper json, String reason) {
    try {
      JsonNode node = json.readTree(reason);
      if (node != null
          && node.path("status").isInt()
          && node.path("body").path("error").isObject()) {
        return new BackendError(node.get("status").asInt(), node.get("body"));
      }
    } catch (JsonProcessingException notOurs) {
      // a worker other than a connector failed the request: its reason is plain text
    }
    return of(json, 502, reason, "server_error", "backend_error");
  }

  static BackendError of(ObjectMapper json, int status, String message, String type, String code) {
    ObjectNode root = json.createObjectNode();
    root.putObject("error")
        .put("message", message)
        .put("type", type)
        .putNull("param")
        .put("code", code);
    return new BackendError(status, root);
  }

  /**
   * Returns a backend's error answer as the caller's, wrapping a body that is not OpenAI's shape.
   */
  static BackendError ofAnswer(ObjectMapper json, int status, String body) {
    try {
      JsonNode node = json.readTree(body);
      if (node != null && node.path("error").isObject()) {
        return new BackendError(status, node);
      }
    } catch (JsonProcessingException notJson) {
      // fall through: a plain text or HTML error page
    }
    String text = body.length() > 500 ? body.substring(0, 500) + "..." : body;
    return of(
        json,
        status,
        "the backend answered " + status + ": " + text,
        "invalid_request_error",
        null);
  }
}
