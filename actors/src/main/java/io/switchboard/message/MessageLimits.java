package io.switchboard.message;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.priority.PrioritySettings;
import io.switchboard.settings.CheckedConfig;

/**
 * Size limits every published message must meet ({@code switchboard.limits}).
 *
 * @param maxPayloadBytes largest payload accepted
 * @param maxHeaders most headers on one message
 * @param maxHeaderBytes largest sum of header name and value lengths
 * @param maxKeyLength longest key, type, source, target or idempotency key
 * @param maxIdLength longest message id
 * @param maxContentTypeLength longest content type
 * @param priority the priority bands a {@code switchboard-priority} header may name, and the
 *     largest {@code switchboard-cost} ({@code switchboard.priority})
 */
public record MessageLimits(
    int maxPayloadBytes,
    int maxHeaders,
    int maxHeaderBytes,
    int maxKeyLength,
    int maxIdLength,
    int maxContentTypeLength,
    PrioritySettings priority) {

  /** The limits of reference.conf ({@code switchboard.limits}, 1 MiB payloads, 64 headers). */
  public static final MessageLimits DEFAULTS =
      fromConfig(ConfigFactory.defaultReference().getConfig("switchboard.limits"));

  /** Limits with the built-in priority bands ({@link PrioritySettings#DEFAULTS}). */
  public MessageLimits(
      int maxPayloadBytes,
      int maxHeaders,
      int maxHeaderBytes,
      int maxKeyLength,
      int maxIdLength,
      int maxContentTypeLength) {
    this(
        maxPayloadBytes,
        maxHeaders,
        maxHeaderBytes,
        maxKeyLength,
        maxIdLength,
        maxContentTypeLength,
        PrioritySettings.DEFAULTS);
  }

  public MessageLimits {
    requirePositive("max-payload-bytes", maxPayloadBytes);
    requirePositive("max-headers", maxHeaders);
    requirePositive("max-header-bytes", maxHeaderBytes);
    requirePositive("max-key-length", maxKeyLength);
    requirePositive("max-id-length", maxIdLength);
    requirePositive("max-content-type-length", maxContentTypeLength);
    if (priority == null) {
      priority = PrioritySettings.DEFAULTS;
    }
  }

  /** Returns these limits with {@code value} as the priority bands. */
  public MessageLimits withPriority(PrioritySettings value) {
    return new MessageLimits(
        maxPayloadBytes,
        maxHeaders,
        maxHeaderBytes,
        maxKeyLength,
        maxIdLength,
        maxContentTypeLength,
        value);
  }

  /** Reads the limits from a {@code switchboard.limits} block. */
  public static MessageLimits fromConfig(Config limits) {
    CheckedConfig checked = CheckedConfig.at(limits, "switchboard.limits");
    return new MessageLimits(
        checked.intBytes("max-payload-bytes", 1),
        limits.getInt("max-headers"),
        checked.intBytes("max-header-bytes", 1),
        limits.getInt("max-key-length"),
        limits.getInt("max-id-length"),
        limits.getInt("max-content-type-length"));
  }

  private static void requirePositive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(
          "switchboard.limits." + name + " must be > 0, got " + value);
    }
  }
}
