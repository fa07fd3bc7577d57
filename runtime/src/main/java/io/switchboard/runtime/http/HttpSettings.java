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
 * @param maxConnections most open connections; more wait in the listen backlog
 * @param backlog connection attempts the kernel holds until the node accepts them; past it the
 *     kernel drops them and clients retry, slowly
 * @param maxLongPolls most pulls with {@code waitMs} above 0 open at once on this node
 * @param maxLongPollsPerClient most such pulls open at once from one client address
 * @param headerTimeout longest time a new connection may take to send its first request head
 * @param idleTimeout longest time a kept-alive connection may take to send its next request head
 * @param unbindDelay how long the port keeps answering 503 STOPPING once shutdown begins
 * @param unbindDrain how long after the unbind connections already accepted may still send their
 *     request (answered 503 STOPPING) before the idle ones are closed
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
    long maxStreamMessageBytes,
    int maxConnections,
    int backlog,
    int maxLongPolls,
    int maxLongPollsPerClient,
    Duration headerTimeout,
    Duration idleTimeout,
    Duration unbindDelay,
    Duration unbindDrain) {

  public HttpSettings {
    requireAtLeast("port", port, 0);
    requireAtLeast("max-body-bytes", maxBodyBytes, 1);
    requireAtLeast("max-batch", maxBatch, 1);
    requireAtLeast("max-pull", maxPull, 1);
    requireAtLeast("max-dead-letters", maxDeadLetters, 1);
    requireAtLeast("default-stream-credit", defaultStreamCredit, 1);
    requireAtLeast("max-stream-message-bytes", maxStreamMessageBytes, 64);
    requireAtLeast("backlog", backlog, 1);
    // the JSON limits check their own ranges
    new JsonLimits(maxJsonDepth, maxJsonNumberLength, maxBodyBytes);
    requireAtLeast("max-long-polls", maxLongPolls, 1);
    requireAtLeast("max-long-polls-per-client", maxLongPollsPerClient, 1);
    if (maxLongPollsPerClient > maxLongPolls) {
      throw new IllegalArgumentException(
          "switchboard.http.max-long-polls-per-client must be at most "
              + "max-long-polls ("
              + maxLongPolls
              + "), got "
              + maxLongPollsPerClient);
    }
    if (maxConnections < 2L * maxLongPolls) {
      throw new IllegalArgumentException(
          "switchboard.http.max-connections must be at least twice "
              + "max-long-polls ("
              + maxLongPolls
              + ") so that short requests keep room, got "
              + maxConnections);
    }
    requirePositive("shutdown-deadline", shutdownDeadline);
    requirePositive("header-timeout", headerTimeout);
    requirePositive("idle-timeout", idleTimeout);
    if (unbindDelay.isNegative()) {
      throw new IllegalArgumentException(
          "switchboard.http.unbind-delay must be at least 0, got " + unbindDelay);
    }
    if (unbindDrain.isNegative()) {
      throw new IllegalArgumentException(
          "switchboard.http.unbind-drain must be at least 0, got " + unbindDrain);
    }
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
        http.getBytes("max-stream-message-bytes"),
        http.getInt("max-connections"),
        http.getInt("backlog"),
        http.getInt("max-long-polls"),
        http.getInt("max-long-polls-per-client"),
        http.getDuration("header-timeout"),
        http.getDuration("idle-timeout"),
        http.getDuration("unbind-delay"),
        http.getDuration("unbind-drain"));
  }

  private static void requirePositive(String key, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(
          "switchboard.http." + key + " must be above 0, got " + value);
    }
  }

  private static void requireAtLeast(String key, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(
          "switchboard.http." + key + " must be at least " + min + ", got " + value);
    }
  }
}
