package io.switchboard.runtime.gateway;

import io.switchboard.runtime.quota.RateLimited;
import io.switchboard.runtime.quota.TenantLimits;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts a tenant's calls to a pool against the pool's {@code rate-limits}: with scope {@code
 * cluster} in the one {@link PoolRateLimitEntity} of that pool and tenant (an ask, a network round
 * trip when the entity lives on another node), with scope {@code node} in this node's own buckets.
 * An entity that does not answer within {@code rate-limit-timeout} (its node unreachable, its shard
 * moving) lets the call be counted in this node's buckets instead: the cluster then admits up to N
 * times the limit over N nodes until it answers again.
 */
final class PoolRateLimits {
  private static final Logger log = LoggerFactory.getLogger(PoolRateLimits.class);

  private final ClusterSharding sharding;
  private final Duration timeout;
  private final Executor executor;

  /** Whether the last cluster-wide count failed: logged on each change only. */
  private final AtomicBoolean degraded = new AtomicBoolean();

  PoolRateLimits(ActorSystem<?> system, Duration timeout) {
    this.sharding = ClusterSharding.get(system);
    this.timeout = timeout;
    this.executor = system.executionContext();
  }

  /**
   * Admits one call of {@code tokens} estimated tokens by {@code tenant} to {@code pool}: completes
   * empty, or with the refusal (nothing counted).
   */
  CompletionStage<Optional<RateLimited>> admit(Pool pool, String tenant, long tokens) {
    PoolSettings settings = pool.settings();
    TenantLimits limits = settings.rateLimits();
    if (!limits.any()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    if (settings.rateLimitScope() == PoolSettings.RateLimitScope.NODE) {
      return CompletableFuture.completedFuture(onThisNode(pool, tenant, tokens));
    }
    return sharding
        .entityRefFor(
            PoolRateLimitEntity.ENTITY_TYPE_KEY,
            PoolRateLimitEntity.entityId(settings.model(), tenant))
        .<PoolRateLimitEntity.Verdict>ask(
            reply ->
                new PoolRateLimitEntity.Admit(
                    tenant, limits.requestsPerMinute(), limits.tokensPerMinute(), tokens, reply),
            timeout)
        .handleAsync(
            (verdict, failure) -> {
              if (failure != null) {
                if (degraded.compareAndSet(false, true)) {
                  log.warn(
                      "pool {}: the cluster-wide rate limit did not answer within {} ({});"
                          + " counting calls on this node alone until it does",
                      settings.model(),
                      timeout,
                      OpenAiErrors.unwrap(failure).toString());
                }
                return onThisNode(pool, tenant, tokens);
              }
              if (degraded.compareAndSet(true, false)) {
                log.info("pool {}: rate limits counted cluster-wide again", settings.model());
              }
              return verdict.refusal() == null
                  ? Optional.<RateLimited>empty()
                  : Optional.of(
                      refusal(
                          settings, tenant, verdict.refusal(), verdict.retryAfterMillis(), true));
            },
            executor);
  }

  private static Optional<RateLimited> onThisNode(Pool pool, String tenant, long tokens) {
    try {
      pool.limiter().admit(tenant, 1, tokens);
      return Optional.empty();
    } catch (RateLimited refused) {
      return Optional.of(
          refusal(
              pool.settings(),
              tenant,
              refused.getMessage(),
              refused.retryAfter().toMillis(),
              false));
    }
  }

  /** Names the pool's limits instead of the node-wide ones the shared bucket code names. */
  private static RateLimited refusal(
      PoolSettings pool, String tenant, String message, long retryAfterMillis, boolean cluster) {
    String where =
        "pool '"
            + pool.model()
            + "' rate-limits, counted "
            + (cluster ? "across the cluster" : "on this node");
    return new RateLimited(
        tenant,
        message.replace("switchboard.rate-limits", where),
        Duration.ofMillis(Math.max(1, retryAfterMillis)));
  }
}
