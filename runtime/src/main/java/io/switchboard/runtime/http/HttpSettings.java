package io.switchboard.runtime.http;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The {@code switchboard.http} settings, read once and checked.
 *
 * @param maxBodyBytes largest request body
 * @param maxBatch most messages in one batch publish
 * @param maxPull most deliveries one pull may ask for
 * @param maxPullWait longest long poll
 * @param maxDeadLetters most dead letters one listing may ask for
 * @param maxNackDelay longest redelivery delay a nack may ask for
 * @param defaultStreamCredit credit of a WebSocket consumer that gives none
 * @param defaultRetryAfter Retry-After of a 429 when the library gives no hint
 * @param askTimeout longest wait for the library's answer
 * @param shutdownDeadline how long in-flight requests may run after unbinding
 * @param maxJsonDepth deepest nesting of a JSON payload
 * @param maxJsonNumberLength most characters of one JSON number
 * @param maxStreamMessageBytes largest message a WebSocket client may send
 */
public record HttpSettings(
    String iface,
    int port,
    long maxBodyBytes,
    int maxBatch,
    int maxPull,
    Duration maxPullWait,
    int maxDeadLetters,
    Duration maxNackDelay,
    int defaultStreamCredit,
    Duration defaultRetryAfter,
    Duration askTimeout,
    Duration shutdownDeadline,
    int maxJsonDepth,
    int maxJsonNumberLength,
    long maxStreamMessageBytes) {

  public HttpSettings {
    requireAtLeast("port", port, 0);
    requireAtLeast("max-body-bytes", maxBodyBytes, 1);
    requireAtLeast("max-batch", maxBatch, 1);
    requireAtLeast("max-pull", maxPull, 1);
    requireAtLeast("max-dead-letters", maxDeadLetters, 1);
    requireAtLeast("default-stream-credit", defaultStreamCredit, 1);
    requireAtLeast("max-stream-message-bytes", maxStreamMessageBytes, 64);
    // the JSON limits check their own ranges
    new JsonLimits(maxJsonDepth, maxJsonNumberLength, maxBodyBytes);
  }

  /** Reads a {@code switchboard.http} block. */
  public static HttpSettings fromConfig(Config http) {
    return new HttpSettings(
        http.getString("interface"),
        http.getInt("port"),
        http.getBytes("max-body-bytes"),
        http.getInt("max-batch"),
        http.getInt("max-pull"),
        http.getDuration("max-pull-wait"),
        http.getInt("max-dead-letters"),
        http.getDuration("max-nack-delay"),
        http.getInt("default-stream-credit"),
        http.getDuration("default-retry-after"),
        http.getDuration("ask-timeout"),
        http.getDuration("shutdown-deadline"),
        http.getInt("max-json-depth"),
        http.getInt("max-json-number-length"),
        http.getBytes("max-stream-message-bytes"));
  }

  private static void requireAtLeast(String key, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(
          "switchboard.http." + key + " must be at least " + min + ", got " + value);
    }
  }
}
