package io.switchboard.runtime.quota;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The buckets of one tenant, one per limit set. A call is admitted only when it fits every bucket,
 * and only then taken from all of them: a refused call costs the tenant nothing.
 */
final class TenantBuckets {
  private static final Duration SECOND = Duration.ofSeconds(1);
  private static final Duration MINUTE = Duration.ofMinutes(1);

  /** One bucket and what it counts. */
  private record Limit(String name, Unit unit, RateBucket bucket) {}

  private enum Unit {
    REQUESTS,
    MESSAGES,
    TOKENS,
    BYTES
  }

  private final List<Limit> limits = new ArrayList<>(7);

  TenantBuckets(TenantLimits settings, long nowNanos) {
    add("requests-per-second", Unit.REQUESTS, settings.requestsPerSecond(), SECOND, nowNanos);
    add("requests-per-minute", Unit.REQUESTS, settings.requestsPerMinute(), MINUTE, nowNanos);
    add("messages-per-second", Unit.MESSAGES, settings.messagesPerSecond(), SECOND, nowNanos);
    add("messages-per-minute", Unit.MESSAGES, settings.messagesPerMinute(), MINUTE, nowNanos);
    add("tokens-per-minute", Unit.TOKENS, settings.tokensPerMinute(), MINUTE, nowNanos);
    add("bytes-per-second", Unit.BYTES, settings.bytesPerSecond(), SECOND, nowNanos);
    add("bytes-per-minute", Unit.BYTES, settings.bytesPerMinute(), MINUTE, nowNanos);
  }

  /**
   * Takes one request, {@code messages}, {@code tokens} and {@code bytes} when they fit every limit
   * and returns null; else returns the refusal (the longest wait among the limits it is over),
   * taking nothing. Not thread-safe: the limiter calls it under its table's lock for this tenant.
   */
  RateLimited admit(String tenant, long messages, long tokens, long bytes, long nowNanos) {
    Limit worst = null;
    long longest = 0;
    for (Limit limit : limits) {
      long wait =
          limit.bucket().nanosUntilFits(amount(limit.unit(), messages, tokens, bytes), nowNanos);
      if (wait > longest) {
        longest = wait;
        worst = limit;
      }
    }
    if (worst == null) {
      for (Limit limit : limits) {
        limit.bucket().take(amount(limit.unit(), messages, tokens, bytes), nowNanos);
      }
      return null;
    }
    return refusal(tenant, worst, amount(worst.unit(), messages, tokens, bytes), longest);
  }

  /** Returns whether every bucket is full at {@code nowNanos}: a new one would be the same. */
  boolean isIdle(long nowNanos) {
    for (Limit limit : limits) {
      if (!limit.bucket().isFull(nowNanos)) {
        return false;
      }
    }
    return true;
  }

  private void add(String name, Unit unit, long limit, Duration period, long nowNanos) {
    if (limit > 0) {
      limits.add(new Limit(name, unit, new RateBucket(limit, period, nowNanos)));
    }
  }

  private static long amount(Unit unit, long messages, long tokens, long bytes) {
    return switch (unit) {
      case REQUESTS -> 1;
      case MESSAGES -> messages;
      case TOKENS -> tokens;
      case BYTES -> bytes;
    };
  }

  private static RateLimited refusal(String tenant, Limit limit, long amount, long waitNanos) {
    String what = limit.unit().name().toLowerCase(java.util.Locale.ROOT);
    if (waitNanos == Long.MAX_VALUE) {
      // never fits: say so, and suggest the period after which the bucket is full, as OpenAI does
      Duration period = limit.name().endsWith("second") ? SECOND : MINUTE;
      return new RateLimited(
          tenant,
          "tenant '"
              + tenant
              + "': a call of "
              + amount
              + " "
              + what
              + " is over its "
              + limit.name()
              + " limit of "
              + limit.bucket().limit()
              + " on its own: send smaller calls",
          period);
    }
    Duration after = Duration.ofNanos(Math.max(waitNanos, 1_000_000));
    return new RateLimited(
        tenant,
        "tenant '"
            + tenant
            + "' is over its "
            + limit.name()
            + " limit of "
            + limit.bucket().limit()
            + " (switchboard.rate-limits): retry in "
            + after.toMillis()
            + " ms",
        after);
  }
}
