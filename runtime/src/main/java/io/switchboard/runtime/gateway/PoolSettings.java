package io.switchboard.runtime.gateway;

import com.typesafe.config.Config;
import io.switchboard.balance.Balancing;
import io.switchboard.message.Names;
import io.switchboard.runtime.quota.TenantLimits;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A model pool: the model name callers ask for, the topic its calls queue on and its backends.
 *
 * @param model the {@code model} of a call that this pool serves
 * @param topic the Switchboard topic its calls are requests on
 * @param backends the servers that answer, each served by one connector
 * @param partitions partitions of the topic
 * @param maxAttempts backends one call may try before it fails with 502
 * @param ackLease how long a backend may go without sending a token before the call moves on
 * @param balancing how calls are spread over the backends
 * @param timeout deadline of a call that sets none
 * @param maxTimeout longest deadline a call may ask for
 * @param defaultMaxTokens output tokens assumed in a call's cost when it sets no max_tokens
 * @param retryBackoff how long a failed backend stays out of the pool before its connector probes
 *     it
 * @param rateLimits each tenant's limits on this pool (requests and tokens per minute; 0: none)
 * @param rateLimitScope where those limits are counted: once for the whole cluster, or per node
 * @param externalWorkers whether client workers serve the pool's topic themselves (calls then wait
 *     for them instead of answering 503 when no hosted backend is in)
 * @param maxQueued most calls one partition of the pool's topic holds, waiting or in flight (the
 *     topic's backlog limit); past it a call gets 429 with Retry-After. 0: the topic defaults'
 */
public record PoolSettings(
    String model,
    String topic,
    List<BackendSettings> backends,
    int partitions,
    int maxAttempts,
    Duration ackLease,
    Balancing balancing,
    Duration timeout,
    Duration maxTimeout,
    int defaultMaxTokens,
    Duration retryBackoff,
    TenantLimits rateLimits,
    RateLimitScope rateLimitScope,
    boolean externalWorkers,
    int maxQueued) {

  /** Where a pool's rate limits are counted. */
  public enum RateLimitScope {
    /** In one count per pool and tenant for the whole cluster ({@link PoolRateLimitEntity}). */
    CLUSTER,
    /** On each node apart: N nodes admit up to N times the limit. */
    NODE;

    static RateLimitScope parse(String model, String value) {
      return switch (value) {
        case "cluster" -> CLUSTER;
        case "node" -> NODE;
        default ->
            throw new IllegalArgumentException(
                "pool '"
                    + model
                    + "': rate-limits.scope must be cluster or node, got '"
                    + value
                    + "'");
      };
    }

    String configName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public PoolSettings {
    backends = List.copyOf(backends);
    if (backends.isEmpty() && !externalWorkers) {
      throw new IllegalArgumentException(
          "pool '" + model + "' has no backends (and external-workers is off)");
    }
    if (maxAttempts < 1 || maxAttempts > 100) {
      throw new IllegalArgumentException(
          "pool '" + model + "': max-attempts must be between 1 and 100, got " + maxAttempts);
    }
    if (maxQueued < 0 || maxQueued > 100_000_000) {
      throw new IllegalArgumentException(
          "pool '"
              + model
              + "': max-queued must be 0 (the topic defaults') or 1 to 100000000, got "
              + maxQueued);
    }
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(maxTimeout) > 0) {
      throw new IllegalArgumentException(
          "pool '"
              + model
              + "': timeout must be above 0 and at most max-timeout ("
              + maxTimeout.toMillis()
              + " ms), got "
              + timeout.toMillis()
              + " ms");
    }
  }

  /** Reads {@code switchboard.gateway.pools.<model>}, its missing keys from {@code defaults}. */
  static PoolSettings fromConfig(
      String model, Config pool, Config defaults, Config backendDefaults, String topicPrefix) {
    refuseUnknownKeys(model, "", pool, defaults.root().keySet(), Set.of("topic", "backends"));
    if (pool.hasPath("rate-limits")) {
      refuseUnknownKeys(
          model,
          "rate-limits.",
          pool.getConfig("rate-limits"),
          defaults.getConfig("rate-limits").root().keySet(),
          Set.of());
    }
    Config c = pool.withFallback(defaults);
    String topic =
        c.hasPath("topic") && !c.getString("topic").isEmpty()
            ? c.getString("topic")
            : topicPrefix + model.replaceAll("[^A-Za-z0-9._-]", "-");
    try {
      Names.requireTopic(topic);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("pool '" + model + "': " + e.getMessage());
    }
    List<? extends Config> entries =
        c.hasPath("backends") ? c.getConfigList("backends") : List.of();
    for (Config entry : entries) {
      refuseUnknownKeys(model, "backends[].", entry, backendDefaults.root().keySet(), Set.of());
    }
    List<BackendSettings> backends =
        entries.stream()
            .map(entry -> BackendSettings.fromConfig(entry, backendDefaults, model))
            .toList();
    return new PoolSettings(
        model,
        topic,
        backends,
        c.getInt("partitions"),
        c.getInt("max-attempts"),
        c.getDuration("ack-lease"),
        Balancing.parse(c.getString("balancing")),
        c.getDuration("timeout"),
        c.getDuration("max-timeout"),
        c.getInt("default-max-tokens"),
        c.getDuration("retry-backoff"),
        rateLimits(model, c.getConfig("rate-limits")),
        RateLimitScope.parse(model, c.getString("rate-limits.scope")),
        c.getBoolean("external-workers"),
        c.getInt("max-queued"));
  }

  /**
   * Refuses a key that is neither a default's nor one of {@code more}: a typo would otherwise do
   * nothing.
   */
  private static void refuseUnknownKeys(
      String model, String where, Config given, Set<String> known, Set<String> more) {
    Set<String> unknown = new TreeSet<>(given.root().keySet());
    unknown.removeAll(known);
    unknown.removeAll(more);
    if (!unknown.isEmpty()) {
      Set<String> allowed = new TreeSet<>(known);
      allowed.addAll(more);
      throw new IllegalArgumentException(
          "pool '"
              + model
              + "': unknown key '"
              + where
              + unknown.iterator().next()
              + "'; the keys are "
              + allowed);
    }
  }

  private static TenantLimits rateLimits(String model, Config limits) {
    try {
      return new TenantLimits(
          0, limits.getLong("requests-per-minute"), 0, 0, limits.getLong("tokens-per-minute"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("pool '" + model + "': rate-limits." + e.getMessage(), e);
    }
  }
}
