package io.switchboard.runtime.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

/** {@code switchboard.rate-limits} read over the defaults of reference.conf. */
class RateLimitSettingsTest {

  private static RateLimitSettings read(String hocon) {
    Config config =
        ConfigFactory.parseString(hocon).withFallback(ConfigFactory.defaultReference()).resolve();
    return RateLimitSettings.fromConfig(config.getConfig("switchboard.rate-limits"));
  }

  @Test
  void isOffWithoutLimitsByDefault() {
    RateLimitSettings settings = read("");
    assertThat(settings.enabled()).isFalse();
    assertThat(settings.defaults()).isEqualTo(TenantLimits.NONE);
    assertThat(settings.maxTenants()).isEqualTo(10_000);
  }

  @Test
  void aTenantsOverrideKeepsTheDefaultsItLeavesOut() {
    RateLimitSettings settings =
        read(
            "switchboard.rate-limits { enabled = on, messages-per-second = 100,"
                + " tokens-per-minute = 5000, bytes-per-second = 1MiB,"
                + " tenants { \"team.a\" { tokens-per-minute = 90000, bytes-per-minute = 600000 } } }");
    assertThat(settings.limitsOf("team.a"))
        .isEqualTo(new TenantLimits(0, 0, 100, 0, 90000, 1 << 20, 600_000));
    assertThat(settings.limitsOf("team-b"))
        .isEqualTo(new TenantLimits(0, 0, 100, 0, 5000, 1 << 20, 0));
  }

  @Test
  void refusesUnknownKeysAndValuesOutOfRangeNamingThem() {
    assertThatThrownBy(
            () -> read("switchboard.rate-limits.tenants { a { messages-per-hour = 5 } }"))
        .hasMessageContaining(
            "switchboard.rate-limits.tenants.\"a\" has unknown keys [messages-per-hour]");
    assertThatThrownBy(
            () -> read("switchboard.rate-limits.tenants { a { requests-per-second = -1 } }"))
        .hasMessageContaining(
            "switchboard.rate-limits.tenants.\"a\": requests-per-second must be 0 (no limit) to 1000000000, got -1");
    assertThatThrownBy(() -> read("switchboard.rate-limits.max-tenants = 0"))
        .hasMessageContaining("max-tenants must be 1 to 10000000, got 0");
  }
}
