package io.switchboard.runtime.http;

import io.switchboard.message.Message;
import java.util.Base64;
import java.util.Map;

/**
 * A stored message as the API shows it: a JSON payload ({@code application/json} or {@code +json})
 * appears as {@code payload}, byte for byte as stored, any other as {@code payloadBase64}.
 */
public record MessageView(
    String id,
    String topic,
    String key,
    String type,
    String source,
    String target,
    Map<String, String> headers,
    String contentType,
    RawJson payload,
    String payloadBase64,
    String createdAt,
    String idempotencyKey) {

  public static MessageView of(Message message, Payloads payloads) {
    RawJson json = payloads.toJson(message.payload(), message.contentType());
    String base64 = json == null ? Base64.getEncoder().encodeToString(message.payload()) : null;
    return new MessageView(
        message.id(),
        message.topic(),
        message.key(),
        message.type(),
        message.source(),
        message.target(),
        message.headers(),
        message.contentType(),
        json,
        base64,
        message.createdAt().toString(),
        message.idempotencyKey());
  }
}
