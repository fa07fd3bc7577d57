package io.switchboard.runtime.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.SwitchboardException;
import io.switchboard.message.Message;
import io.switchboard.priority.SchedulingHeaders;
import io.switchboard.runtime.auth.Grant;
import io.switchboard.runtime.auth.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The limiter on a clock moved by hand. */
class TenantRateLimiterTest {
  private final ManualTime time = new ManualTime();

  private TenantRateLimiter limiter(
      TenantLimits defaults, Map<String, TenantLimits> tenants, int maxTenants) {
    return new TenantRateLimiter(new RateLimitSettings(true, defaults, tenants, maxTenants), time);
  }

  @Test
  void refusesTheCallOverALimitWithTheWaitUntilItFits() {
    TenantRateLimiter limiter = limiter(new TenantLimits(2, 0, 0, 0, 0), Map.of(), 10);
    limiter.admit("team-a", 1, 0);
    limiter.admit("team-a", 1, 0);
    assertThatThrownBy(() -> limiter.admit("team-a", 1, 0))
        .isInstanceOfSatisfying(
            RateLimited.class,
            refused -> {
              assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(500));
              assertThat(refused.tenant()).isEqualTo("team-a");
            })
        .hasMessageContaining("requests-per-second limit of 2");
    time.advance(Duration.ofMillis(500));
    limiter.admit("team-a", 1, 0);
  }

  @Test
  void countsEachTenantApartAndUsesItsOverride() {
    TenantRateLimiter limiter =
        limiter(
            new TenantLimits(0, 1, 0, 0, 0), Map.of("big", new TenantLimits(0, 3, 0, 0, 0)), 10);
    limiter.admit("small", 1, 0);
    limiter.admit("other", 1, 0);
    assertThatThrownBy(() -> limiter.admit("small", 1, 0)).isInstanceOf(RateLimited.class);
    for (int i = 0; i < 3; i++) {
      limiter.admit("big", 1, 0);
    }
    assertThatThrownBy(() -> limiter.admit("big", 1, 0))
        .isInstanceOf(RateLimited.class)
        .hasMessageContaining("requests-per-minute limit of 3");
  }

  @Test
  void aRefusedCallTakesNothingFromTheLimitsItFits() {
    TenantRateLimiter limiter = limiter(new TenantLimits(0, 10, 5, 0, 0), Map.of(), 10);
    limiter.admit("t", 5, 0);
    for (int i = 0; i < 20; i++) {
      assertThatThrownBy(() -> limiter.admit("t", 5, 0))
          .isInstanceOf(RateLimited.class)
          .hasMessageContaining("messages-per-second");
    }
    time.advance(Duration.ofSeconds(1));
    // the refused calls did not spend the requests-per-minute budget: 9 calls are left
    for (int i = 0; i < 9; i++) {
      limiter.admit("t", 0, 0);
    }
    assertThatThrownBy(() -> limiter.admit("t", 0, 0)).hasMessageContaining("requests-per-minute");
  }

  @Test
  void countsTokensFromTheCostHeaderOfEveryMessage() {
    TenantRateLimiter limiter = limiter(new TenantLimits(0, 0, 0, 0, 1000), Map.of(), 10);
    Principal caller =
        new Principal(
            "worker", "team-a", List.of(new Grant(io.switchboard.runtime.auth.Right.PRODUCE, "*")));
    limiter.admit(caller, List.of(costing("400"), costing("500"), costing(null)));
    assertThatThrownBy(() -> limiter.admit(caller, List.of(costing("200"))))
        .isInstanceOfSatisfying(
            RateLimited.class,
            refused -> {
              assertThat(refused.tenant()).isEqualTo("team-a");
              // 100 tokens short at 1000 a minute: 6 s
              assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(6));
            });
    assertThatThrownBy(() -> limiter.admit(caller, List.of(costing("2000"))))
        .isInstanceOfSatisfying(
            RateLimited.class,
            refused -> assertThat(refused.retryAfter()).isEqualTo(Duration.ofMinutes(1)))
        .hasMessageContaining("on its own");
    assertThatThrownBy(() -> limiter.admit(caller, List.of(costing("lots"))))
        .isInstanceOf(SwitchboardException.class)
        .hasMessageContaining("switchboard-cost must be a whole number");
  }

  @Test
  void countsThePayloadBytesOfEveryMessagePerSecondAndPerMinute() {
    TenantRateLimiter limiter = limiter(new TenantLimits(0, 0, 0, 0, 0, 1000, 1500), Map.of(), 10);
    Principal caller = new Principal("ingest", "team-a", List.of());
    limiter.admit(caller, List.of(sized(300), sized(500)));
    assertThatThrownBy(() -> limiter.admit(caller, List.of(sized(400))))
        .isInstanceOfSatisfying(
            RateLimited.class,
            refused -> {
              assertThat(refused.tenant()).isEqualTo("team-a");
              // 200 bytes short at 1000 a second: 200 ms
              assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(200));
            })
        .hasMessageContaining("bytes-per-second limit of 1000");
    time.advance(Duration.ofSeconds(1));
    limiter.admit(caller, List.of(sized(600)));
    // the second has refilled; the minute holds 1500 - 1400 + 2 s of refill (50) = 150
    time.advance(Duration.ofSeconds(1));
    assertThatThrownBy(() -> limiter.admit(caller, List.of(sized(200))))
        .isInstanceOf(RateLimited.class)
        .hasMessageContaining("bytes-per-minute limit of 1500");
    assertThatThrownBy(() -> limiter.admit(caller, List.of(sized(1001))))
        .isInstanceOfSatisfying(
            RateLimited.class,
            refused -> assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(1)))
        .hasMessageContaining("a call of 1001 bytes is over its bytes-per-second limit");
    limiter.admit(caller, List.of(sized(0), sized(0)));
  }

  @Test
  void withoutAuthenticationTheFirstMessagesTenantHeaderCounts() {
    TenantRateLimiter limiter = limiter(new TenantLimits(1, 0, 0, 0, 0), Map.of(), 10);
    Message teamA = Message.builder("t").header(SchedulingHeaders.TENANT, "team-a").build();
    limiter.admit(Principal.ANONYMOUS, List.of(teamA));
    limiter.admit(Principal.ANONYMOUS, List.of(Message.builder("t").build()));
    assertThatThrownBy(() -> limiter.admit(Principal.ANONYMOUS, List.of(teamA)))
        .isInstanceOfSatisfying(
            RateLimited.class, refused -> assertThat(refused.tenant()).isEqualTo("team-a"));
    assertThatThrownBy(
            () -> limiter.admit(Principal.ANONYMOUS, List.of(Message.builder("t").build())))
        .isInstanceOfSatisfying(
            RateLimited.class, refused -> assertThat(refused.tenant()).isEqualTo("default"));
  }

  @Test
  void pastMaxTenantsForgetsIdleTenantsAndSharesOneBucketWhenAllAreBusy() {
    TenantRateLimiter limiter = limiter(new TenantLimits(0, 1, 0, 0, 0), Map.of(), 2);
    limiter.admit("a", 1, 0);
    limiter.admit("b", 1, 0);
    limiter.admit("c", 1, 0);
    assertThatThrownBy(() -> limiter.admit("d", 1, 0))
        .isInstanceOfSatisfying(
            RateLimited.class,
            refused -> assertThat(refused.tenant()).isEqualTo(TenantRateLimiter.OVERFLOW));
    assertThat(limiter.tenants()).isEqualTo(3);
    time.advance(Duration.ofMinutes(1));
    limiter.admit("e", 1, 0);
    // a, b and the overflow were full again and forgotten; e got its own buckets
    assertThat(limiter.tenants()).isEqualTo(1);
  }

  @Test
  void offAdmitsEverything() {
    TenantRateLimiter limiter = new TenantRateLimiter(RateLimitSettings.OFF, time);
    for (int i = 0; i < 1000; i++) {
      limiter.admit("t", 1_000_000, 1_000_000);
    }
    assertThat(limiter.tenants()).isZero();
  }

  private static Message sized(int bytes) {
    return Message.builder("t").payload(new byte[bytes]).build();
  }

  private static Message costing(String cost) {
    return cost == null
        ? Message.builder("t").build()
        : Message.builder("t").header(SchedulingHeaders.COST, cost).build();
  }
}
