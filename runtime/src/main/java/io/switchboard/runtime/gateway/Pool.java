package io.switchboard.runtime.gateway;

import io.switchboard.internal.partition.TimeSource;
import io.switchboard.runtime.quota.RateLimitSettings;
import io.switchboard.runtime.quota.TenantRateLimiter;
import java.util.List;
import java.util.Map;

/**
 * A running model pool: its settings, the connectors of its backends, each tenant's buckets of its
 * own rate limits (counted on this node), whether it came from configuration (then it cannot be
 * deleted at run time), and the calls this node's front has running on it.
 */
record Pool(
    PoolSettings settings,
    List<Connector> connectors,
    TenantRateLimiter limiter,
    boolean configured,
    PoolCalls calls) {
  /**
   * Most tenants whose buckets one pool keeps (as switchboard.rate-limits.max-tenants by default).
   */
  private static final int MAX_TENANTS = 10_000;

  Pool {
    connectors = List.copyOf(connectors);
  }

  static Pool of(
      PoolSettings settings, List<Connector> connectors, boolean configured, TimeSource time) {
    RateLimitSettings limits =
        new RateLimitSettings(
            settings.rateLimits().any(), settings.rateLimits(), Map.of(), MAX_TENANTS);
    return new Pool(
        settings, connectors, new TenantRateLimiter(limits, time), configured, new PoolCalls());
  }

  /**
   * Returns whether a call can be taken now (else it gets 503 at once): a backend is in the pool,
   * or client workers serve it (a call then waits for one until its deadline).
   */
  boolean available() {
    return settings.externalWorkers() || connectors.stream().anyMatch(Connector::up);
  }
}
