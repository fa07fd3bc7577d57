package io.switchboard.runtime.quota;

import com.typesafe.config.Config;
import java.util.List;

/**
 * The limits of one tenant; 0 means none. Requests are calls (an HTTP publish or request, one gRPC
 * {@code PublishRequest} or {@code Request}); messages are the messages in them; tokens are the sum
 * of their {@code switchboard-cost} headers (a message without one costs no tokens); bytes are the
 * sum of their payloads' lengths.
 */
public record TenantLimits(
    long requestsPerSecond,
    long requestsPerMinute,
    long messagesPerSecond,
    long messagesPerMinute,
    long tokensPerMinute,
    long bytesPerSecond,
    long bytesPerMinute) {
  /** The keys of a tenant's block in {@code switchboard.rate-limits}. */
  static final List<String> KEYS =
      List.of(
          "requests-per-second",
          "requests-per-minute",
          "messages-per-second",
          "messages-per-minute",
          "tokens-per-minute",
          "bytes-per-second",
          "bytes-per-minute");

  /** The most any limit may be: one unit per nanosecond. */
  static final long MAX = 1_000_000_000L;

  public TenantLimits {
    check("requests-per-second", requestsPerSecond);
    check("requests-per-minute", requestsPerMinute);
    check("messages-per-second", messagesPerSecond);
    check("messages-per-minute", messagesPerMinute);
    check("tokens-per-minute", tokensPerMinute);
    check("bytes-per-second", bytesPerSecond);
    check("bytes-per-minute", bytesPerMinute);
  }

  /** Limits on calls, messages and tokens, none on bytes. */
  public TenantLimits(
      long requestsPerSecond,
      long requestsPerMinute,
      long messagesPerSecond,
      long messagesPerMinute,
      long tokensPerMinute) {
    this(
        requestsPerSecond,
        requestsPerMinute,
        messagesPerSecond,
        messagesPerMinute,
        tokensPerMinute,
        0,
        0);
  }

  /** No limit at all. */
  public static final TenantLimits NONE = new TenantLimits(0, 0, 0, 0, 0);

  /** Reads the seven keys of {@code config}; {@code where} names it in errors. */
  static TenantLimits fromConfig(Config config, String where) {
    try {
      return new TenantLimits(
          config.getLong(KEYS.get(0)),
          config.getLong(KEYS.get(1)),
          config.getLong(KEYS.get(2)),
          config.getLong(KEYS.get(3)),
          config.getLong(KEYS.get(4)),
          // sizes: a plain number of bytes or with a unit (10MiB)
          config.getBytes(KEYS.get(5)),
          config.getBytes(KEYS.get(6)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  /** Returns whether any limit is set. */
  public boolean any() {
    return requestsPerSecond
            + requestsPerMinute
            + messagesPerSecond
            + messagesPerMinute
            + tokensPerMinute
            + bytesPerSecond
            + bytesPerMinute
        > 0;
  }

  private static void check(String key, long value) {
    if (value < 0 || value > MAX) {
      throw new IllegalArgumentException(
          key + " must be 0 (no limit) to " + MAX + ", got " + value);
    }
  }
}
