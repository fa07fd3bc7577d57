package io.switchboard.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Browsing a group's backlog over real HTTP against a real node: a peek that takes nothing. */
class BacklogRouteTest extends RunningNodeTest {

  @Override
  String config() {
    return SMALL_LIMITS + "\nswitchboard.http.browse { max-messages = 5, preview-bytes = 12 }";
  }

  @Test
  void showsTheOldestWaitingMessagesWithAPreviewAndLeavesThemForTheConsumer() {
    String topic = HttpApiTest.name("browse");
    createTopic(topic, 2, "g");
    List<String> ids = new ArrayList<>();
    for (String word : List.of("first", "second", "third")) {
      ids.add(
          api.post(
                  "/v1/topics/" + topic + "/messages",
                  Map.of("key", word, "payload", Map.of("word", word + "-é-long enough to cut")))
              .json()
              .path("messageId")
              .asText());
    }
    // (what a pull took is in flight, not in the backlog: PartitionCoreTest shows it is left out;
    // an HTTP pull buffers more than it returns, so it is not used here)
    JsonNode before = api.get("/v1/topics/" + topic).json().path("stats");
    ApiClient.Answer browsed = api.get(backlog(topic) + "?limit=5");
    assertThat(browsed.status()).as(browsed.toString()).isEqualTo(200);
    JsonNode messages = browsed.json().path("messages");
    List<String> shown = new ArrayList<>();
    messages.forEach(m -> shown.add(m.path("id").asText()));
    List<String> waiting = ids;
    assertThat(shown).containsExactlyElementsOf(waiting); // oldest first over the partitions
    JsonNode one = messages.get(0);
    assertThat(one.path("preview").asText()).startsWith("{\"word\":\"").hasSize(12);
    assertThat(one.path("truncated").asBoolean()).isTrue();
    assertThat(one.path("payloadBytes").asInt()).isGreaterThan(12);
    assertThat(one.path("contentType").asText()).isEqualTo("application/json");
    assertThat(one.has("partition") && one.has("offset")).isTrue();

    // looking changed nothing: the numbers are the same and a consumer gets them all, first attempt
    assertThat(
            api.get(backlog(topic) + "?limit=1").json().path("messages").get(0).path("id").asText())
        .isEqualTo(waiting.get(0));
    JsonNode after = api.get("/v1/topics/" + topic).json().path("stats");
    assertThat(after.path("groups")).isEqualTo(before.path("groups"));
    List<JsonNode> rest = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              api.post(pull(topic), Map.of("max", 10, "waitMs", 500))
                  .json()
                  .path("deliveries")
                  .forEach(rest::add);
              return rest.size() >= 3;
            });
    assertThat(rest)
        .extracting(d -> d.path("message").path("id").asText())
        .containsExactlyInAnyOrderElementsOf(waiting);
    assertThat(rest).allSatisfy(d -> assertThat(d.path("attempt").asInt()).isEqualTo(1));
    assertThat(api.get(backlog(topic)).json().path("messages")).isEmpty();
  }

  @Test
  void showsABinaryPayloadAsBase64() {
    String topic = HttpApiTest.name("browse-bin");
    createTopic(topic, 1, "g");
    byte[] bytes = {(byte) 0xff, (byte) 0xfe, 0, 1, 2};
    api.post(
        "/v1/topics/" + topic + "/messages",
        Map.of("payloadBase64", Base64.getEncoder().encodeToString(bytes)));
    JsonNode one = api.get(backlog(topic)).json().path("messages").get(0);
    assertThat(one.path("previewBase64").asText())
        .isEqualTo(Base64.getEncoder().encodeToString(bytes));
    assertThat(one.has("preview")).isFalse();
    assertThat(one.path("truncated").asBoolean()).isFalse();
  }

  @Test
  void refusesALimitAboveTheSettingAndAnUnknownGroup() {
    String topic = HttpApiTest.name("browse-bad");
    createTopic(topic, 1, "g");
    ApiClient.Answer tooMany = api.get(backlog(topic) + "?limit=6");
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.errorCode()).isEqualTo("INVALID_ARGUMENT");
    assertThat(api.get("/v1/topics/" + topic + "/groups/nobody/backlog").errorCode())
        .isEqualTo("UNKNOWN_GROUP");
    assertThat(api.get("/v1/topics/" + HttpApiTest.name("none") + "/groups/g/backlog").errorCode())
        .isEqualTo("UNKNOWN_TOPIC");
  }

  @Test
  void reportsEachPartitionsOwnerNodeAndJournalWrites() {
    String topic = HttpApiTest.name("browse-stats");
    createTopic(topic, 2, "g");
    api.post("/v1/topics/" + topic + "/messages", Map.of("payload", Map.of("n", 1)));
    String self = api.get("/v1/cluster/members").json().path("selfNode").asText();
    JsonNode partitions = api.get("/v1/topics/" + topic).json().path("stats").path("partitions");
    assertThat(partitions)
        .hasSize(2)
        .allSatisfy(p -> assertThat(p.path("node").asText()).isEqualTo(self));
    long writes = 0;
    for (JsonNode p : partitions) {
      writes += p.path("journalWrites").asLong();
    }
    assertThat(writes).isPositive();
  }

  private static String pull(String topic) {
    return "/v1/topics/" + topic + "/groups/g/pull";
  }

  private static String backlog(String topic) {
    return "/v1/topics/" + topic + "/groups/g/backlog";
  }
}
