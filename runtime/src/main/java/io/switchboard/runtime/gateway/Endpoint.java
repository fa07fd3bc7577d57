package io.switchboard.runtime.gateway;

import java.util.Arrays;
import java.util.Optional;

/** An OpenAI endpoint the gateway relays: its path, the request type it becomes, how it answers. */
enum Endpoint {
  CHAT("chat/completions", "openai.chat.completions", "chatcmpl-", "messages", true),
  COMPLETIONS("completions", "openai.completions", "cmpl-", "prompt", true),
  EMBEDDINGS("embeddings", "openai.embeddings", "", "input", false);

  private final String path;
  private final String type;
  private final String idPrefix;
  private final String requiredField;
  private final boolean streams;

  Endpoint(String path, String type, String idPrefix, String requiredField, boolean streams) {
    this.path = path;
    this.type = type;
    this.idPrefix = idPrefix;
    this.requiredField = requiredField;
    this.streams = streams;
  }

  /** Returns the path under the backend's base URL, e.g. {@code chat/completions}. */
  String path() {
    return path;
  }

  /** Returns the Switchboard message type of a call to this endpoint. */
  String type() {
    return type;
  }

  /** Returns the id OpenAI gives an answer of this endpoint for a request id. */
  String answerId(String requestId) {
    return idPrefix + requestId;
  }

  /** Returns the body field a call cannot do without. */
  String requiredField() {
    return requiredField;
  }

  /** Returns whether the backend is asked to stream (generation) or answers whole (embeddings). */
  boolean streams() {
    return streams;
  }

  /** Returns the endpoint of a message type, if it is one of the gateway's. */
  static Optional<Endpoint> ofType(String type) {
    return Arrays.stream(values()).filter(e -> e.type.equals(type)).findFirst();
  }
}
