package io.switchboard.runtime.quota;

import java.time.Duration;

/**
 * A call refused because its tenant is over one of its limits; nothing of it was stored. Answered
 * as HTTP 429 {@code RATE_LIMITED} with {@code Retry-After}, gRPC {@code RESOURCE_EXHAUSTED} with
 * the retry-after in the {@code switchboard-error-bin} trailer.
 */
public final class RateLimited extends RuntimeException {
  /** The stable error code of every edge. */
  public static final String CODE = "RATE_LIMITED";

  private final String tenant;
  private final Duration retryAfter;

  public RateLimited(String tenant, String message, Duration retryAfter) {
    super(message, null, false, false);
    this.tenant = tenant;
    this.retryAfter = retryAfter;
  }

  /** Returns the tenant that is over its limit. */
  public String tenant() {
    return tenant;
  }

  /** Returns how long until the same call fits (at least a millisecond). */
  public Duration retryAfter() {
    return retryAfter;
  }
}
