package io.switchboard.runtime.quota;

import io.switchboard.internal.partition.TimeSource;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * The node's one {@link TenantRateLimiter}, from {@code switchboard.rate-limits}: every edge of the
 * node (HTTP, gRPC, the gateway) counts a tenant's calls in the same buckets.
 */
public final class RateLimits implements Extension {

  private static final class Id extends ExtensionId<RateLimits> {
    @Override
    public RateLimits createExtension(ActorSystem<?> system) {
      return new RateLimits(
          new TenantRateLimiter(
              RateLimitSettings.fromConfig(
                  system.settings().config().getConfig("switchboard.rate-limits")),
              TimeSource.system()));
    }
  }

  private static final Id ID = new Id();

  private final TenantRateLimiter limiter;

  private RateLimits(TenantRateLimiter limiter) {
    this.limiter = limiter;
  }

  /** Returns the limiter of {@code system}'s node. */
  public static TenantRateLimiter get(ActorSystem<?> system) {
    return ID.apply(system).limiter;
  }
}
