package io.switchboard.runtime.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Locale;

/**
 * A pool as the admin API shows it: where it comes from, whether it takes calls, and its whole
 * definition with every default filled in, in the keys a {@code PUT} takes.
 */
final class PoolView {
  private PoolView() {}

  static ObjectNode of(ObjectMapper json, Pool pool) {
    PoolSettings s = pool.settings();
    ObjectNode view =
        json.createObjectNode()
            .put("model", s.model())
            .put("source", pool.configured() ? "configuration" : "admin")
            .put("available", pool.available());
    ObjectNode definition =
        view.putObject("definition")
            .put("topic", s.topic())
            .put("partitions", s.partitions())
            .put("max-attempts", s.maxAttempts())
            .put("ack-lease", millis(s.ackLease()))
            .put("balancing", s.balancing().configName())
            .put("timeout", millis(s.timeout()))
            .put("max-timeout", millis(s.maxTimeout()))
            .put("default-max-tokens", s.defaultMaxTokens())
            .put("retry-backoff", millis(s.retryBackoff()))
            .put("external-workers", s.externalWorkers())
            .put("max-queued", s.maxQueued());
    definition
        .putObject("rate-limits")
        .put("requests-per-minute", s.rateLimits().requestsPerMinute())
        .put("tokens-per-minute", s.rateLimits().tokensPerMinute())
        .put("scope", s.rateLimitScope().configName());
    var backends = definition.putArray("backends");
    for (BackendSettings b : s.backends()) {
      backends
          .addObject()
          .put("url", b.url().toString())
          .put("capacity", b.capacity())
          .put("max-concurrency", b.maxConcurrency())
          .put("model", b.model())
          .put("continuation", b.continuation().name().toLowerCase(Locale.ROOT).replace('_', '-'))
          // a secret: whether one is set, never its value
          .put("api-key", b.apiKey().isEmpty() ? "" : "(set)")
          .put("connect-timeout", millis(b.connectTimeout()))
          .put("max-gathered-events", b.maxGatheredEvents())
          .put("token-budget", b.tokenBudget());
    }
    return view;
  }

  private static String millis(Duration duration) {
    return duration.toMillis() + "ms";
  }
}
