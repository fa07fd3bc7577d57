package io.switchboard.runtime.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.balance.Balancing;
import io.switchboard.runtime.gateway.BackendSettings.Continuation;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GatewaySettingsTest {

  private static GatewaySettings read(String pools) {
    Config config =
        ConfigFactory.parseString("switchboard.gateway.pools { " + pools + " }")
            .withFallback(ConfigFactory.defaultReference())
            .resolve();
    return GatewaySettings.fromConfig(config.getConfig("switchboard.gateway"));
  }

  @Test
  void readsAPoolWithTheDefaultsFilledIn() {
    GatewaySettings settings =
        read(
            """
        "meta-llama/Llama-3.1-8B" { backends = [{ url = "http://gpu1:8000/v1/" },
          { url = "http://gpu2:8000/v1", max-concurrency = 8, capacity = 2, continuation = regenerate,
            token-budget = 32000 }] }
        """);
    PoolSettings pool = settings.pools().get("meta-llama/Llama-3.1-8B");
    assertThat(pool.topic()).isEqualTo("gateway.meta-llama-Llama-3.1-8B");
    assertThat(pool.partitions()).isEqualTo(1);
    assertThat(pool.maxAttempts()).isEqualTo(4);
    assertThat(pool.balancing()).isEqualTo(Balancing.CONSISTENT_HASH);
    assertThat(pool.timeout()).isEqualTo(Duration.ofMinutes(5));
    BackendSettings first = pool.backends().get(0);
    assertThat(first.endpoint("chat/completions").toString())
        .isEqualTo("http://gpu1:8000/v1/chat/completions");
    assertThat(first.model()).isEqualTo("meta-llama/Llama-3.1-8B");
    assertThat(first.maxConcurrency()).isEqualTo(64);
    assertThat(first.continuation()).isEqualTo(Continuation.ASSISTANT_PREFIX);
    assertThat(first.tokenBudget()).isZero();
    BackendSettings second = pool.backends().get(1);
    assertThat(second.maxConcurrency()).isEqualTo(8);
    assertThat(second.capacity()).isEqualTo(2.0);
    assertThat(second.continuation()).isEqualTo(Continuation.REGENERATE);
    assertThat(second.tokenBudget()).isEqualTo(32_000);
    assertThat(settings.priorityHeader()).isEqualTo("x-switchboard-priority");
  }

  @Test
  void hasNoPoolsByDefault() {
    assertThat(read("").pools()).isEmpty();
  }

  @Test
  void refusesBadPoolsSayingWhatAndWhere() {
    assertThatThrownBy(() -> read("m { backends = [] }"))
        .hasMessageContaining("pool 'm' has no backends");
    assertThatThrownBy(() -> read("m { backends = [{ url = \"\" }] }"))
        .hasMessageContaining("backend url");
    assertThatThrownBy(() -> read("m { backends = [{ url = \"ftp://x/v1\" }] }"))
        .hasMessageContaining("ftp://x/v1");
    assertThatThrownBy(
            () -> read("m { backends = [{ url = \"http://x/v1\", max-concurrency = 0 }] }"))
        .hasMessageContaining("max-concurrency must be between 1 and 100000, got 0");
    assertThatThrownBy(
            () -> read("m { backends = [{ url = \"http://x/v1\", continuation = guess }] }"))
        .hasMessageContaining("assistant-prefix or regenerate, got 'guess'");
    assertThatThrownBy(
            () -> read("m { backends = [{ url = \"http://x/v1\", token-budget = -1 }] }"))
        .hasMessageContaining("token-budget must be 0 (none) or more, got -1");
    assertThatThrownBy(() -> read("m { max-attempts = 0, backends = [{ url = \"http://x/v1\" }] }"))
        .hasMessageContaining("max-attempts must be between 1 and 100, got 0");
    assertThatThrownBy(() -> read("m { timeout = 2h, backends = [{ url = \"http://x/v1\" }] }"))
        .hasMessageContaining("at most max-timeout");
    assertThatThrownBy(
            () -> read("m { balancing = fastest, backends = [{ url = \"http://x/v1\" }] }"))
        .hasMessageContaining("unknown balancing strategy 'fastest'");
  }

  @Test
  void refusesUnknownKeysNamingThem() {
    assertThatThrownBy(() -> read("m { max-attempt = 2, backends = [{ url = \"http://x/v1\" }] }"))
        .hasMessageContaining("pool 'm': unknown key 'max-attempt'");
    assertThatThrownBy(
            () -> read("m { backends = [{ url = \"http://x/v1\", max-concurency = 2 }] }"))
        .hasMessageContaining("unknown key 'backends[].max-concurency'");
    assertThatThrownBy(
            () ->
                read(
                    "m { rate-limits { requests-per-hour = 2 }, backends = [{ url = \"http://x/v1\" }] }"))
        .hasMessageContaining("unknown key 'rate-limits.requests-per-hour'");
    assertThatThrownBy(
            () -> read("m { max-attempts = many, backends = [{ url = \"http://x/v1\" }] }"))
        .hasMessageContaining("pool 'm'")
        .hasMessageContaining("max-attempts");
  }

  @Test
  void readsRateLimitsAndAPoolServedOnlyByClientWorkers() {
    PoolSettings pool =
        read("m { external-workers = on, rate-limits { tokens-per-minute = 9000 } }")
            .pools()
            .get("m");
    assertThat(pool.externalWorkers()).isTrue();
    assertThat(pool.backends()).isEmpty();
    assertThat(pool.rateLimits().tokensPerMinute()).isEqualTo(9000);
    assertThat(pool.rateLimits().requestsPerMinute()).isZero();
    assertThat(pool.rateLimitScope()).isEqualTo(PoolSettings.RateLimitScope.CLUSTER);
    assertThat(
            read("m { external-workers = on, rate-limits { scope = node } }")
                .pools()
                .get("m")
                .rateLimitScope())
        .isEqualTo(PoolSettings.RateLimitScope.NODE);
    assertThatThrownBy(() -> read("m { external-workers = on, rate-limits { scope = region } }"))
        .hasMessageContaining("rate-limits.scope must be cluster or node, got 'region'");
  }

  @Test
  void readsAJsonDefinitionAsTheHoconOne() {
    PoolReader reader = read("").reader();
    PoolSettings fromJson =
        reader.readJson(
            "m",
            "{\"max-attempts\": 2, \"ack-lease\": \"30s\","
                + " \"backends\": [{\"url\": \"http://x/v1\"}]}");
    assertThat(fromJson)
        .isEqualTo(
            read("m { max-attempts = 2, ack-lease = 30s, backends = [{ url = \"http://x/v1\" }] }")
                .pools()
                .get("m"));
    assertThatThrownBy(() -> reader.readJson("m", "[1]")).hasMessageContaining("pool 'm'");
  }
}
