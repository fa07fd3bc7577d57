package io.switchboard.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Replaying chosen dead letters and purging them, over real HTTP against a real node. */
class DeadLetterRoutesTest extends RunningNodeTest {

  @Test
  void replaysOnlyTheChosenDeadLettersAndNamesTheIdsNotFound() {
    String topic = HttpApiTest.name("dl-pick");
    List<String> ids = deadLetters(topic, 3);

    ApiClient.Answer replayed =
        api.post(
            deadLetters(topic) + "/replay",
            Map.of("ids", List.of(ids.get(0), ids.get(2), "no-such-id")));
    assertThat(replayed.status()).as(replayed.toString()).isEqualTo(200);
    assertThat(replayed.json().path("replayed").asInt()).isEqualTo(2);
    assertThat(replayed.json().path("notFound").get(0).asText()).isEqualTo("no-such-id");

    assertThat(listedIds(topic)).containsExactly(ids.get(1));
    List<String> back = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              api.post("/v1/topics/" + topic + "/groups/g/pull", Map.of("max", 10, "waitMs", 500))
                  .json()
                  .path("deliveries")
                  .forEach(d -> back.add(d.path("message").path("id").asText()));
              return back.size() >= 2;
            });
    assertThat(back).containsExactlyInAnyOrder(ids.get(0), ids.get(2));
  }

  @Test
  void purgeRemovesDeadLettersForGoodWithoutReplaying() {
    String topic = HttpApiTest.name("dl-purge");
    deadLetters(topic, 3);

    ApiClient.Answer first = api.post(deadLetters(topic) + "/purge", Map.of("max", 2));
    assertThat(first.status()).as(first.toString()).isEqualTo(200);
    assertThat(first.json().path("purged").asInt()).isEqualTo(2);
    assertThat(listedIds(topic)).hasSize(1);
    assertThat(api.postEmpty(deadLetters(topic) + "/purge").json().path("purged").asInt())
        .isEqualTo(1);
    assertThat(listedIds(topic)).isEmpty();
    assertThat(api.postEmpty(deadLetters(topic) + "/purge").json().path("purged").asInt()).isZero();

    JsonNode pulled =
        api.post("/v1/topics/" + topic + "/groups/g/pull", Map.of("max", 10, "waitMs", 300)).json();
    assertThat(pulled.path("deliveries")).isEmpty();
  }

  @Test
  void refusesAChoiceThatIsEmptyOrMixedWithMax() {
    String topic = HttpApiTest.name("dl-bad");
    createTopic(topic, Map.of("partitions", 1, "maxAttempts", 1), "g");
    assertThat(api.post(deadLetters(topic) + "/replay", Map.of("ids", List.of())).errorCode())
        .isEqualTo("INVALID_ARGUMENT");
    assertThat(
            api.post(deadLetters(topic) + "/replay", Map.of("ids", List.of("a"), "max", 3))
                .errorCode())
        .isEqualTo("INVALID_ARGUMENT");
    assertThat(api.post(deadLetters(topic) + "/purge", Map.of("max", 0)).errorCode())
        .isEqualTo("INVALID_ARGUMENT");
    assertThat(api.postEmpty(deadLetters(HttpApiTest.name("missing")) + "/purge").errorCode())
        .isEqualTo("UNKNOWN_TOPIC");
  }

  private static String deadLetters(String topic) {
    return "/v1/topics/" + topic + "/dead-letters";
  }

  /**
   * Creates {@code topic} with group g and makes {@code count} messages dead letters; returns their
   * ids, oldest first.
   */
  private List<String> deadLetters(String topic, int count) {
    createTopic(topic, Map.of("partitions", 1, "maxAttempts", 1), "g");
    for (int i = 0; i < count; i++) {
      api.post("/v1/topics/" + topic + "/messages", Map.of("payload", Map.of("n", i)));
    }
    List<String> receipts = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              api.post("/v1/topics/" + topic + "/groups/g/pull", Map.of("max", 10, "waitMs", 500))
                  .json()
                  .path("deliveries")
                  .forEach(d -> receipts.add(d.path("receipt").asText()));
              return receipts.size() >= count;
            });
    api.post("/v1/topics/" + topic + "/groups/g/nack", Map.of("receipts", receipts));
    await().atMost(Duration.ofSeconds(20)).until(() -> listedIds(topic).size() == count);
    return listedIds(topic);
  }

  private List<String> listedIds(String topic) {
    List<String> ids = new ArrayList<>();
    api.get(deadLetters(topic) + "?limit=100")
        .json()
        .path("deadLetters")
        .forEach(m -> ids.add(m.path("id").asText()));
    return ids;
  }
}
