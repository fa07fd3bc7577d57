package io.switchboard.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.pekko.actor.PoisonPill;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /health/ready} follows the topic registry: a node whose registry is gone is not ready. */
class RegistryReadinessTest {
  private static final String CONFIG =
      String.join(
          "\n",
          "switchboard.node.registry-probe-interval = 200ms",
          "switchboard.node.registry-probe-timeout = 200ms");

  @Test
  void goesNotReadyWhenTheRegistryStopsAnswering(@TempDir Path dir) throws Exception {
    try (TestNode node = TestNode.start(dir, CONFIG)) {
      ApiClient api = node.client();
      assertThat(api.post("/v1/topics", Map.of("name", "before")).status()).isEqualTo(201);
      await().atMost(Duration.ofSeconds(5)).until(() -> api.get("/health/ready").status() == 200);

      // A stopped singleton is not started again: the registry no longer answers anyone.
      node.node()
          .system()
          .classicSystem()
          .actorSelection("/system/singletonManagerswitchboard-registry/switchboard-registry")
          .tell(PoisonPill.getInstance(), null);

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                ApiClient.Answer ready = api.get("/health/ready");
                assertThat(ready.status()).as(ready.toString()).isEqualTo(503);
                assertThat(ready.json().path("status").asText()).isEqualTo("not ready");
                assertThat(ready.json().path("reason").asText())
                    .isEqualTo("registry not answering");
              });
      assertThat(api.get("/health/alive").status()).isEqualTo(200);
    }
  }
}
