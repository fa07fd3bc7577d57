package io.switchboard.message;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import io.switchboard.priority.SchedulingHeaders;
import java.util.Map;

/**
 * Checks a message against {@link MessageLimits} and {@link Text}; throws a specific error on the
 * first fault, naming the field. Header names starting with {@value #RESERVED_PREFIX} (any case)
 * belong to the library (dead letters, replays) and are refused in a publish, except the {@link
 * SchedulingHeaders} (priority, tenant, cost), whose values are checked instead.
 */
public final class MessageValidator {
  public static final String RESERVED_PREFIX = "switchboard-";
  private final MessageLimits limits;

  public MessageValidator(MessageLimits limits) {
    this.limits = limits;
  }

  /** Returns the message unchanged, or throws {@link SwitchboardException} saying what is wrong. */
  public Message validate(Message message) {
    return check(message, false);
  }

  /**
   * Checks a message the library itself publishes again (a dead-letter replay): the same rules, but
   * its own reserved headers are allowed.
   */
  public Message validateReplay(Message message) {
    return check(message, true);
  }

  private Message check(Message message, boolean reservedAllowed) {
    Names.requireTopic(message.topic());
    if (message.payloadSize() > limits.maxPayloadBytes()) {
      throw new SwitchboardException(
          ErrorCode.PAYLOAD_TOO_LARGE,
          "payload is "
              + message.payloadSize()
              + " bytes, the limit is "
              + limits.maxPayloadBytes()
              + " (switchboard.limits.max-payload-bytes)");
    }
    checkField("id", message.id(), limits.maxIdLength(), "max-id-length");
    if (message.id().isEmpty()) {
      throw invalid("id must not be empty");
    }
    checkField("key", message.key(), limits.maxKeyLength(), "max-key-length");
    checkField("type", message.type(), limits.maxKeyLength(), "max-key-length");
    checkField("source", message.source(), limits.maxKeyLength(), "max-key-length");
    checkField("target", message.target(), limits.maxKeyLength(), "max-key-length");
    checkField("idempotencyKey", message.idempotencyKey(), limits.maxKeyLength(), "max-key-length");
    checkField(
        "contentType",
        message.contentType(),
        limits.maxContentTypeLength(),
        "max-content-type-length");
    checkHeaders(message.headers(), reservedAllowed);
    if (!reservedAllowed) {
      SchedulingHeaders.check(message.headers(), limits.priority());
    }
    return message;
  }

  private static void checkField(String field, String value, int max, String setting) {
    if (value == null) {
      return;
    }
    if (value.length() > max) {
      throw invalid(
          field
              + " is "
              + value.length()
              + " characters, the limit is "
              + max
              + " (switchboard.limits."
              + setting
              + ")");
    }
    Text.require(ErrorCode.INVALID_MESSAGE, field, value, false);
  }

  private void checkHeaders(Map<String, String> headers, boolean reservedAllowed) {
    if (headers.size() > limits.maxHeaders()) {
      throw invalid(
          "message has "
              + headers.size()
              + " headers, the limit is "
              + limits.maxHeaders()
              + " (switchboard.limits.max-headers)");
    }
    int chars = 0;
    for (Map.Entry<String, String> header : headers.entrySet()) {
      String name = header.getKey();
      if (name.isEmpty()) {
        throw invalid("header names must not be empty");
      }
      if (header.getValue() == null) {
        throw invalid("header '" + Text.quote(name) + "' has no value");
      }
      chars += name.length() + header.getValue().length();
      if (chars > limits.maxHeaderBytes()) {
        // Checked as we go: the text checks below never scan more than the limit allows.
        throw invalid(
            "headers total more than "
                + limits.maxHeaderBytes()
                + " characters (switchboard.limits.max-header-bytes)");
      }
      // The field's label is built only for an error: a publish checks every header.
      String nameFault = Text.fault(name, false);
      if (nameFault != null) {
        throw invalid("header name '" + Text.quote(name) + "' " + nameFault);
      }
      String valueFault = Text.fault(header.getValue(), true);
      if (valueFault != null) {
        throw invalid("header '" + Text.quote(name) + "' value " + valueFault);
      }
      if (!reservedAllowed && isReserved(name) && !SchedulingHeaders.isSchedulingHeader(name)) {
        throw invalid(
            "header '"
                + name
                + "' is reserved: names starting with '"
                + RESERVED_PREFIX
                + "' (any case) belong to Switchboard, except "
                + SchedulingHeaders.PRIORITY
                + ", "
                + SchedulingHeaders.TENANT
                + " and "
                + SchedulingHeaders.COST
                + " (in lower case)");
      }
    }
  }

  /** Returns whether a header name is one of the library's own ({@value #RESERVED_PREFIX}...). */
  public static boolean isReserved(String headerName) {
    return headerName.regionMatches(true, 0, RESERVED_PREFIX, 0, RESERVED_PREFIX.length());
  }

  private static SwitchboardException invalid(String why) {
    return new SwitchboardException(ErrorCode.INVALID_MESSAGE, why);
  }
}
