package io.switchboard.client;

import com.typesafe.config.Config;
import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * How a {@link SwitchboardClient} reaches its node; the defaults and their meaning are in the
 * client's {@code reference.conf} ({@code switchboard.client}).
 *
 * @param tls TLS to the node ({@link ClientTls#OFF}: plaintext)
 * @param publishWindow most publishes sent and not yet confirmed
 * @param maxBatch most messages per Publish batch on the wire
 * @param maxQueued most publishes waiting for room in the window before one fails with OVERLOADED
 * @param overloadRetries how often an OVERLOADED publish is retried after the node's retry-after
 * @param defaultCredit credit of {@code source(topic, group)}, which takes no consumer settings
 * @param settleBatch acks/nacks sent together once this many wait
 * @param settleDelay longest wait of an ack/nack before it is sent
 * @param stopGrace how long a stopping source waits for the acks of deliveries it already emitted
 * @param token bearer token sent with every call (the node's switchboard.auth); empty: none
 * @param e2e end-to-end payload encryption ({@link ClientEncryption#OFF}: none)
 */
public record ClientSettings(
    String host,
    int port,
    ClientTls tls,
    Duration reconnectMinBackoff,
    Duration reconnectMaxBackoff,
    int publishWindow,
    int maxBatch,
    int maxQueued,
    int overloadRetries,
    int defaultCredit,
    int settleBatch,
    Duration settleDelay,
    Duration callTimeout,
    Duration stopGrace,
    String token,
    ClientEncryption e2e) {

  public ClientSettings {
    if (host == null || host.isBlank()) {
      throw invalid("host must not be empty");
    }
    require("port", port, 1, 65_535);
    if (tls == null) {
      throw invalid("tls must not be null (ClientTls.OFF for plaintext)");
    }
    requirePositive("reconnect-min-backoff", reconnectMinBackoff);
    requirePositive("reconnect-max-backoff", reconnectMaxBackoff);
    if (reconnectMaxBackoff.compareTo(reconnectMinBackoff) < 0) {
      throw invalid(
          "reconnect-max-backoff must not be below reconnect-min-backoff, got "
              + reconnectMaxBackoff.toMillis()
              + " ms < "
              + reconnectMinBackoff.toMillis()
              + " ms");
    }
    require("publish-window", publishWindow, 1, 100_000);
    require("max-batch", maxBatch, 1, publishWindow);
    require("max-queued", maxQueued, 0, 10_000_000);
    require("overload-retries", overloadRetries, 0, 1_000);
    require("default-credit", defaultCredit, 1, 100_000);
    require("settle-batch", settleBatch, 1, 100_000);
    requirePositive("settle-delay", settleDelay);
    requirePositive("call-timeout", callTimeout);
    if (stopGrace == null || stopGrace.isNegative()) {
      throw invalid("stop-grace must be 0 or more, got " + stopGrace);
    }
    token = token == null ? "" : token.strip();
    if (token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
      throw invalid("token must be printable ASCII without spaces");
    }
    e2e = e2e == null ? ClientEncryption.OFF : e2e;
  }

  /** Returns the settings of {@code switchboard.client} in the system's config. */
  public static ClientSettings fromSystem(ActorSystem<?> system) {
    return fromConfig(system.settings().config().getConfig("switchboard.client"));
  }

  /** Reads a {@code switchboard.client} block. */
  public static ClientSettings fromConfig(Config c) {
    return new ClientSettings(
        c.getString("host"),
        c.getInt("port"),
        ClientTls.fromConfig(c.getConfig("tls")),
        c.getDuration("reconnect-min-backoff"),
        c.getDuration("reconnect-max-backoff"),
        c.getInt("publish-window"),
        c.getInt("max-batch"),
        c.getInt("max-queued"),
        c.getInt("overload-retries"),
        c.getInt("default-credit"),
        c.getInt("settle-batch"),
        c.getDuration("settle-delay"),
        c.getDuration("call-timeout"),
        c.getDuration("stop-grace"),
        c.getString("token"),
        ClientEncryption.fromConfig(c.getConfig("e2e")));
  }

  /** Returns these settings with {@code value} as TLS to the node. */
  public ClientSettings withTls(ClientTls value) {
    return new ClientSettings(
        host,
        port,
        value,
        reconnectMinBackoff,
        reconnectMaxBackoff,
        publishWindow,
        maxBatch,
        maxQueued,
        overloadRetries,
        defaultCredit,
        settleBatch,
        settleDelay,
        callTimeout,
        stopGrace,
        token,
        e2e);
  }

  public ClientSettings withTarget(String newHost, int newPort) {
    return new ClientSettings(
        newHost,
        newPort,
        tls,
        reconnectMinBackoff,
        reconnectMaxBackoff,
        publishWindow,
        maxBatch,
        maxQueued,
        overloadRetries,
        defaultCredit,
        settleBatch,
        settleDelay,
        callTimeout,
        stopGrace,
        token,
        e2e);
  }

  /** Returns these settings with another window; the batch shrinks to fit it. */
  public ClientSettings withPublishWindow(int value) {
    return new ClientSettings(
        host,
        port,
        tls,
        reconnectMinBackoff,
        reconnectMaxBackoff,
        value,
        Math.min(maxBatch, value),
        maxQueued,
        overloadRetries,
        defaultCredit,
        settleBatch,
        settleDelay,
        callTimeout,
        stopGrace,
        token,
        e2e);
  }

  public ClientSettings withReconnectBackoff(Duration min, Duration max) {
    return new ClientSettings(
        host,
        port,
        tls,
        min,
        max,
        publishWindow,
        maxBatch,
        maxQueued,
        overloadRetries,
        defaultCredit,
        settleBatch,
        settleDelay,
        callTimeout,
        stopGrace,
        token,
        e2e);
  }

  public ClientSettings withOverloadRetries(int value) {
    return new ClientSettings(
        host,
        port,
        tls,
        reconnectMinBackoff,
        reconnectMaxBackoff,
        publishWindow,
        maxBatch,
        maxQueued,
        value,
        defaultCredit,
        settleBatch,
        settleDelay,
        callTimeout,
        stopGrace,
        token,
        e2e);
  }

  /** Returns these settings with {@code value} as the bearer token of every call (empty: none). */
  public ClientSettings withToken(String value) {
    return new ClientSettings(
        host,
        port,
        tls,
        reconnectMinBackoff,
        reconnectMaxBackoff,
        publishWindow,
        maxBatch,
        maxQueued,
        overloadRetries,
        defaultCredit,
        settleBatch,
        settleDelay,
        callTimeout,
        stopGrace,
        value,
        e2e);
  }

  /** Returns these settings with {@code value} as end-to-end payload encryption. */
  public ClientSettings withEncryption(ClientEncryption value) {
    return new ClientSettings(
        host,
        port,
        tls,
        reconnectMinBackoff,
        reconnectMaxBackoff,
        publishWindow,
        maxBatch,
        maxQueued,
        overloadRetries,
        defaultCredit,
        settleBatch,
        settleDelay,
        callTimeout,
        stopGrace,
        token,
        value);
  }

  private static void require(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw invalid(name + " must be between " + min + " and " + max + ", got " + value);
    }
  }

  private static void requirePositive(String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw invalid(name + " must be a positive duration, got " + value);
    }
  }

  private static SwitchboardException invalid(String message) {
    return new SwitchboardException(ErrorCode.INVALID_ARGUMENT, "switchboard.client: " + message);
  }
}
