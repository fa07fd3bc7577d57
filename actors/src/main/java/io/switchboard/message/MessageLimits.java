package io.switchboard.message;

import com.typesafe.config.Config;
import io.switchboard.priority.PrioritySettings;

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

  public static final MessageLimits DEFAULTS =
      new MessageLimits(1 << 20, 64, 16 * 1024, 256, 128, 256);

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
    return new MessageLimits(
        intBytes(limits, "max-payload-bytes"),
        limits.getInt("max-headers"),
        intBytes(limits, "max-header-bytes"),
        limits.getInt("max-key-length"),
        limits.getInt("max-id-length"),
        limits.getInt("max-content-type-length"));
  }

  /** Reads a size that must fit an int: a cast would turn 5g into 1g, or 4g into 0, silently. */
  private static int intBytes(Config limits, String name) {
    long bytes = limits.getBytes(name);
    if (bytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "switchboard.limits."
              + name
              + " must be at most "
              + Integer.MAX_VALUE
              + " bytes, got "
              + limits.getValue(name).unwrapped());
    }
    return (int) bytes;
  }

  private static void requirePositive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(
          "switchboard.limits." + name + " must be > 0, got " + value);
    }
  }
}
