package io.switchboard.runtime.http.publish;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import io.switchboard.message.Message;
import io.switchboard.message.MessageBuilder;
import io.switchboard.message.MessageValidator;
import io.switchboard.priority.SchedulingHeaders;
import io.switchboard.runtime.http.Payloads;
import java.util.Base64;
import java.util.Map;

/**
 * Builds checked {@link Message}s from publish bodies; refuses a bad one before anything is sent.
 */
public final class MessageFactory {
  private final MessageValidator validator;

  public MessageFactory(MessageValidator validator) {
    this.validator = validator;
  }

  /**
   * Returns the message for {@code topic}, or throws {@code INVALID_MESSAGE} / {@code
   * PAYLOAD_TOO_LARGE}.
   */
  public Message create(String topic, MessageRequest request) {
    return create(topic, request, null);
  }

  /**
   * Returns the message for {@code topic} with header {@code switchboard-tenant} set to {@code
   * tenant} over the client's (null: the client's header stays), or throws as {@link
   * #create(String, MessageRequest)}.
   */
  public Message create(String topic, MessageRequest request, String tenant) {
    MessageBuilder builder =
        Message.builder(topic)
            .key(request.key())
            .type(request.type())
            .source(request.source())
            .target(request.target())
            .idempotencyKey(request.idempotencyKey())
            .headers(checkedHeaders(request.headers()));
    if (tenant != null) {
      builder.header(SchedulingHeaders.TENANT, tenant);
    }
    if (request.id() != null) {
      if (request.id().isBlank()) {
        throw invalid("id must not be blank");
      }
      builder.id(request.id());
    }
    setPayload(builder, request);
    return validator.validate(builder.build());
  }

  private static void setPayload(MessageBuilder builder, MessageRequest request) {
    boolean hasJson = request.payload() != null;
    boolean hasBase64 = request.payloadBase64() != null;
    if (hasJson && hasBase64) {
      throw invalid("give either payload or payloadBase64, not both");
    }
    if (hasJson) {
      String type = request.contentType() == null ? Payloads.JSON : request.contentType();
      if (!Payloads.isJson(type)) {
        throw invalid("a JSON payload needs a JSON contentType, got '" + type + "'");
      }
      builder.payload(request.payload().bytes(), type);
    } else if (hasBase64) {
      String type =
          request.contentType() == null ? Message.DEFAULT_CONTENT_TYPE : request.contentType();
      builder.payload(decode(request.payloadBase64()), type);
    } else if (request.contentType() != null) {
      builder.payload(new byte[0], request.contentType());
    }
  }

  private static byte[] decode(String base64) {
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw invalid("payloadBase64 is not valid base64: " + e.getMessage());
    }
  }

  private static Map<String, String> checkedHeaders(Map<String, String> headers) {
    if (headers == null) {
      return Map.of();
    }
    headers.forEach(
        (name, value) -> {
          if (value == null) {
            throw invalid("header '" + name + "' has no value");
          }
        });
    return headers;
  }

  private static SwitchboardException invalid(String why) {
    return new SwitchboardException(ErrorCode.INVALID_MESSAGE, why);
  }
}
