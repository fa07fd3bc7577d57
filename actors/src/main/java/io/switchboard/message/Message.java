package io.switchboard.message;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable message envelope.
 *
 * <p>{@code key} picks the partition and consumer affinity and may be null; {@code idempotencyKey}
 * lets a partition drop a retried publish within its window and may be null. The payload array is
 * owned by the message: callers must not change it after building.
 */
public record Message(
    String id,
    String topic,
    String key,
    String type,
    String source,
    String target,
    Map<String, String> headers,
    byte[] payload,
    String contentType,
    Instant createdAt,
    String idempotencyKey)
    implements CborSerializable {

  public static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

  public Message {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(topic, "topic");
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    payload = payload == null ? new byte[0] : payload;
    contentType = contentType == null ? DEFAULT_CONTENT_TYPE : contentType;
    createdAt = createdAt == null ? Instant.EPOCH : createdAt;
  }

  /** Returns a builder for a message to {@code topic} with a fresh time-ordered id. */
  public static MessageBuilder builder(String topic) {
    return new MessageBuilder(topic);
  }

  /** Returns this message addressed to another topic (routing, dead-lettering, replay). */
  public Message withTopic(String newTopic) {
    return new Message(
        id,
        newTopic,
        key,
        type,
        source,
        target,
        headers,
        payload,
        contentType,
        createdAt,
        idempotencyKey);
  }

  /** Returns this message with the headers replaced. */
  public Message withHeaders(Map<String, String> newHeaders) {
    return new Message(
        id,
        topic,
        key,
        type,
        source,
        target,
        newHeaders,
        payload,
        contentType,
        createdAt,
        idempotencyKey);
  }

  /** Returns this message with another payload (a payload codec's sealed or opened form). */
  public Message withPayload(byte[] newPayload) {
    return new Message(
        id,
        topic,
        key,
        type,
        source,
        target,
        headers,
        newPayload,
        contentType,
        createdAt,
        idempotencyKey);
  }

  /** Returns the size that counts against the payload limit. */
  public int payloadSize() {
    return payload.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Message m
        && id.equals(m.id)
        && topic.equals(m.topic)
        && Objects.equals(key, m.key)
        && Objects.equals(type, m.type)
        && Objects.equals(source, m.source)
        && Objects.equals(target, m.target)
        && headers.equals(m.headers)
        && Arrays.equals(payload, m.payload)
        && contentType.equals(m.contentType)
        && createdAt.equals(m.createdAt)
        && Objects.equals(idempotencyKey, m.idempotencyKey);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "Message[id="
        + id
        + ", topic="
        + topic
        + ", key="
        + key
        + ", type="
        + type
        + ", payload="
        + payload.length
        + " bytes]";
  }
}
