package io.switchboard.message;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import java.util.Map;

/** Checks a message against {@link MessageLimits}; throws a specific error on the first fault. */
public final class MessageValidator {
  private final MessageLimits limits;

  public MessageValidator(MessageLimits limits) {
    this.limits = limits;
  }

  /** Returns the message unchanged, or throws {@link SwitchboardException} saying what is wrong. */
  public Message validate(Message message) {
    Names.requireTopic(message.topic());
    if (message.payloadSize() > limits.maxPayloadBytes()) {
      throw new SwitchboardException(
          ErrorCode.PAYLOAD_TOO_LARGE,
          "payload is " + message.payloadSize() + " bytes, the limit is "
              + limits.maxPayloadBytes() + " (switchboard.limits.max-payload-bytes)");
    }
    requireShort("key", message.key());
    requireShort("type", message.type());
    requireShort("source", message.source());
    requireShort("target", message.target());
    requireShort("idempotencyKey", message.idempotencyKey());
    checkHeaders(message.headers());
    return message;
  }

  private void requireShort(String field, String value) {
    if (value != null && value.length() > limits.maxKeyLength()) {
      throw invalid(field + " is " + value.length() + " characters, the limit is "
          + limits.maxKeyLength() + " (switchboard.limits.max-key-length)");
    }
  }

  private void checkHeaders(Map<String, String> headers) {
    if (headers.size() > limits.maxHeaders()) {
      throw invalid("message has " + headers.size() + " headers, the limit is "
          + limits.maxHeaders() + " (switchboard.limits.max-headers)");
    }
    int bytes = 0;
    for (Map.Entry<String, String> header : headers.entrySet()) {
      if (header.getKey().isEmpty()) {
        throw invalid("header names must not be empty");
      }
      if (header.getValue() == null) {
        throw invalid("header '" + header.getKey() + "' has no value");
      }
      bytes += header.getKey().length() + header.getValue().length();
    }
    if (bytes > limits.maxHeaderBytes()) {
      throw invalid("headers total " + bytes + " characters, the limit is "
          + limits.maxHeaderBytes() + " (switchboard.limits.max-header-bytes)");
    }
  }

  private static SwitchboardException invalid(String why) {
    return new SwitchboardException(ErrorCode.INVALID_MESSAGE, why);
  }
}
