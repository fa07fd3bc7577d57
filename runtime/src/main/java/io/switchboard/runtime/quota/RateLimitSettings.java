package io.switchboard.runtime.quota;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValueType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code switchboard.rate-limits}: whether calls are limited per tenant, the limits of every
 * tenant, the tenants that differ, and how many tenants' buckets are kept at most.
 */
public record RateLimitSettings(
    boolean enabled, TenantLimits defaults, Map<String, TenantLimits> tenants, int maxTenants) {

  /** Off: every call is admitted. */
  public static final RateLimitSettings OFF =
      new RateLimitSettings(false, TenantLimits.NONE, Map.of(), 10_000);

  public RateLimitSettings {
    tenants = Map.copyOf(tenants);
    if (maxTenants < 1 || maxTenants > 10_000_000) {
      throw new IllegalArgumentException(
          "switchboard.rate-limits.max-tenants must be 1 to 10000000, got " + maxTenants);
    }
  }

  /**
   * Reads {@code switchboard.rate-limits}; throws naming the key and value when one is out of
   * range.
   */
  public static RateLimitSettings fromConfig(Config config) {
    TenantLimits defaults = TenantLimits.fromConfig(config, "switchboard.rate-limits");
    Config overrides = config.getConfig("tenants");
    Map<String, TenantLimits> tenants = new LinkedHashMap<>();
    for (String tenant : overrides.root().keySet()) {
      String where = "switchboard.rate-limits.tenants.\"" + tenant + "\"";
      if (overrides.root().get(tenant).valueType() != ConfigValueType.OBJECT) {
        throw new IllegalArgumentException(
            where + " must be an object of limits " + TenantLimits.KEYS);
      }
      // read as an object, not a path: a tenant's name may hold dots
      Config block = ((ConfigObject) overrides.root().get(tenant)).toConfig();
      Set<String> unknown = new TreeSet<>(block.root().keySet());
      unknown.removeAll(TenantLimits.KEYS);
      if (!unknown.isEmpty()) {
        throw new IllegalArgumentException(
            where + " has unknown keys " + unknown + "; the limits are " + TenantLimits.KEYS);
      }
      tenants.put(tenant, TenantLimits.fromConfig(block.withFallback(config), where));
    }
    return new RateLimitSettings(
        config.getBoolean("enabled"), defaults, tenants, config.getInt("max-tenants"));
  }

  /** Returns the limits of {@code tenant}. */
  public TenantLimits limitsOf(String tenant) {
    return tenants.getOrDefault(tenant, defaults);
  }
}
