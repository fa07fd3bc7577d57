package io.switchboard.message;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds a {@link Message}; the id and creation time default to now. A message given its own id and
 * no idempotency key takes the id as its idempotency key: a second publish of that id within the
 * topic's idempotency window, to the same partition (same key, or none), is confirmed as a
 * duplicate of the first and not stored again.
 */
public final class MessageBuilder {
  private final String topic;
  private String id;
  private String key;
  private String type;
  private String source;
  private String target;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private byte[] payload = new byte[0];
  private String contentType = Message.DEFAULT_CONTENT_TYPE;
  private Instant createdAt;
  private String idempotencyKey;
  private Clock clock = Clock.systemUTC();

  MessageBuilder(String topic) {
    this.topic = topic;
  }

  public MessageBuilder id(String value) {
    this.id = value;
    return this;
  }

  public MessageBuilder key(String value) {
    this.key = value;
    return this;
  }

  public MessageBuilder type(String value) {
    this.type = value;
    return this;
  }

  public MessageBuilder source(String value) {
    this.source = value;
    return this;
  }

  public MessageBuilder target(String value) {
    this.target = value;
    return this;
  }

  public MessageBuilder header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  public MessageBuilder headers(Map<String, String> values) {
    headers.putAll(values);
    return this;
  }

  public MessageBuilder idempotencyKey(String value) {
    this.idempotencyKey = value;
    return this;
  }

  public MessageBuilder createdAt(Instant value) {
    this.createdAt = value;
    return this;
  }

  public MessageBuilder clock(Clock value) {
    this.clock = value;
    return this;
  }

  public MessageBuilder payload(byte[] bytes, String mediaType) {
    this.payload = bytes;
    this.contentType = mediaType;
    return this;
  }

  public MessageBuilder payload(byte[] bytes) {
    return payload(bytes, Message.DEFAULT_CONTENT_TYPE);
  }

  /** Sets a UTF-8 text payload with content type {@code text/plain}. */
  public MessageBuilder text(String value) {
    return payload(value.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
  }

  public Message build() {
    Instant now = createdAt != null ? createdAt : clock.instant();
    String messageId = id != null ? id : MessageIds.next(now.toEpochMilli());
    return new Message(
        messageId,
        topic,
        key,
        type,
        source,
        target,
        headers,
        payload,
        contentType,
        now,
        idempotencyKey != null ? idempotencyKey : id);
  }
}
