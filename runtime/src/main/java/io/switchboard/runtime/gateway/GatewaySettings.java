package io.switchboard.runtime.gateway;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The gateway's settings ({@code switchboard.gateway}): the pools by model name and the request
 * headers a caller sets priority, affinity and deadline with.
 *
 * @param pools the model pools by the model name callers use
 * @param group the consumer group of every pool's connectors
 * @param priorityHeader request header whose value becomes the request's priority band
 * @param conversationHeader request header naming a conversation (affinity key; wins over {@code
 *     user})
 * @param timeoutHeader request header with the call's deadline in milliseconds from now
 * @param reader reads pools defined at run time against the same defaults
 * @param rateLimitTimeout longest wait for a pool's cluster-wide rate-limit count; then the call is
 *     counted on this node alone
 * @param replyResumeTimeout how long the front reads a call's answer again after reading it failed
 *     for want of an answer (its reply stream's node lost); zero: never
 * @param sseKeepalive longest a streamed answer stays silent before the front sends an SSE comment
 *     line, so that idle timeouts on the way (the node's own included) keep the connection after
 *     its first chunk; zero: never
 */
public record GatewaySettings(
    Map<String, PoolSettings> pools,
    String group,
    String priorityHeader,
    String conversationHeader,
    String timeoutHeader,
    PoolReader reader,
    Duration rateLimitTimeout,
    Duration replyResumeTimeout,
    Duration sseKeepalive) {

  public GatewaySettings {
    pools = Collections.unmodifiableMap(new TreeMap<>(pools)); // by name: /v1/models lists them so
    if (rateLimitTimeout.compareTo(Duration.ofMillis(1)) < 0
        || rateLimitTimeout.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException(
          "switchboard.gateway.rate-limit-timeout must be 1ms to 1m, got "
              + rateLimitTimeout.toMillis()
              + "ms");
    }
    if (replyResumeTimeout.isNegative() || replyResumeTimeout.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException(
          "switchboard.gateway.reply-resume-timeout must be 0 to 1h, got "
              + replyResumeTimeout.toMillis()
              + "ms");
    }
    if (sseKeepalive.isNegative() || sseKeepalive.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException(
          "switchboard.gateway.sse-keepalive must be 0 to 1h, got "
              + sseKeepalive.toMillis()
              + "ms");
    }
  }

  /** Reads {@code switchboard.gateway}; a bad pool stops the node with a line naming it. */
  public static GatewaySettings fromConfig(Config gateway) {
    Map<String, PoolSettings> pools = new LinkedHashMap<>();
    PoolReader reader = PoolReader.fromConfig(gateway);
    Config defined = gateway.getConfig("pools");
    for (String key : defined.root().keySet()) {
      // a model name may hold dots or slashes: quote it as one path element
      pools.put(key, reader.read(key, defined.getConfig(ConfigUtil.joinPath(key))));
    }
    return new GatewaySettings(
        pools,
        gateway.getString("group"),
        gateway.getString("priority-header"),
        gateway.getString("conversation-header"),
        gateway.getString("timeout-header"),
        reader,
        gateway.getDuration("rate-limit-timeout"),
        gateway.getDuration("reply-resume-timeout"),
        gateway.getDuration("sse-keepalive"));
  }
}
