package io.switchboard.runtime.quota;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import io.switchboard.internal.partition.TimeSource;
import io.switchboard.message.Message;
import io.switchboard.priority.SchedulingHeaders;
import io.switchboard.runtime.auth.Principal;
import io.switchboard.runtime.auth.TenantStamp;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Admits or refuses calls against their tenant's limits ({@link RateLimitSettings}); thread-safe.
 * Each edge calls {@link #admit(Principal, List)} once per call, after the call's messages are
 * built and before anything is stored. Off, it answers at once and allocates nothing.
 */
public final class TenantRateLimiter {
  /** Where calls go once {@code max-tenants} tenants are busy: they share one set of buckets. */
  static final String OVERFLOW = "(over max-tenants)";

  private final RateLimitSettings settings;
  private final TimeSource time;
  private final Map<String, TenantBuckets> buckets = new ConcurrentHashMap<>();

  public TenantRateLimiter(RateLimitSettings settings, TimeSource time) {
    this.settings = settings;
    this.time = time;
  }

  /** Returns whether calls are limited at all. */
  public boolean enabled() {
    return settings.enabled();
  }

  /**
   * Admits a call of {@code messages} by {@code principal}, or throws {@link RateLimited}; the
   * tenant is the principal's (the stamped one), or without authentication the first message's
   * {@code switchboard-tenant}. Throws {@code INVALID_MESSAGE} for a cost that is not a whole
   * number.
   */
  public void admit(Principal principal, List<Message> messages) {
    if (!settings.enabled() || messages.isEmpty()) {
      return;
    }
    long tokens = 0;
    long bytes = 0;
    for (Message message : messages) {
      tokens += tokens(message.headers().get(SchedulingHeaders.COST));
      bytes += message.payloadSize();
    }
    admit(
        TenantStamp.countedAs(principal, messages.get(0).headers()),
        messages.size(),
        tokens,
        bytes);
  }

  /**
   * Admits one request of {@code messages} messages and {@code tokens} tokens by {@code tenant}, or
   * throws {@link RateLimited}; it counts no bytes.
   */
  public void admit(String tenant, long messages, long tokens) {
    admit(tenant, messages, tokens, 0);
  }

  /**
   * Admits one request of {@code messages} messages, {@code tokens} tokens and {@code bytes} bytes
   * of payload by {@code tenant}, or throws {@link RateLimited}.
   */
  public void admit(String tenant, long messages, long tokens, long bytes) {
    if (!settings.enabled()) {
      return;
    }
    long now = time.nanos();
    String key = tenant;
    if (!buckets.containsKey(key) && buckets.size() >= settings.maxTenants()) {
      dropIdle(now);
      if (buckets.size() >= settings.maxTenants()) {
        key = OVERFLOW;
      }
    }
    RateLimited[] refusal = new RateLimited[1];
    buckets.compute(
        key,
        (name, current) -> {
          TenantBuckets held =
              current != null ? current : new TenantBuckets(settings.limitsOf(name), now);
          refusal[0] = held.admit(name, messages, tokens, bytes, now);
          return held;
        });
    if (refusal[0] != null) {
      throw refusal[0];
    }
  }

  /** Returns how many tenants' buckets are kept. */
  int tenants() {
    return buckets.size();
  }

  /** Forgets the tenants whose buckets are all full: a new set would be the same. */
  private void dropIdle(long now) {
    for (String tenant : buckets.keySet()) {
      buckets.computeIfPresent(tenant, (name, held) -> held.isIdle(now) ? null : held);
    }
  }

  /** Returns the tokens a cost header declares (none: 0), read as the partitions read it. */
  private static long tokens(String header) {
    if (header == null) {
      return 0;
    }
    long value = SchedulingHeaders.parseCost(header);
    if (value < 0) {
      throw new SwitchboardException(
          ErrorCode.INVALID_MESSAGE,
          "header "
              + SchedulingHeaders.COST
              + " must be a whole number of tokens >= 0, got '"
              + header
              + "'");
    }
    return value;
  }
}
