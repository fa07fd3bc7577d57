package io.switchboard.runtime.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.Switchboard;
import io.switchboard.message.Message;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What is accepted is deliverable, exactly as published: JSON payloads come back byte for byte on
 * every road (pull, WebSocket, dead-letter listing), and nesting past the limit is refused.
 */
class PayloadFidelityTest extends RunningNodeTest {
  /** Numbers a double cannot hold, odd spacing and key order: all must survive. */
  static final String EXACT =
      "{\"z\": 1e400, \"a\" :[ 1 , -0.0 ],"
          + " \"pi\": 3.14159265358979323846264338327950288419716939937510,"
          + " \"big\": 123456789012345678901234567890, \"s\": \"\\u00e9\\ud83d\\ude00\", \"e\": {}}";

  private static final AtomicInteger NAMES = new AtomicInteger();

  @Override
  String config() {
    return "switchboard.http.max-json-depth = 64";
  }

  String topicWithGroup(int maxAttempts) {
    String topic = "fidelity-" + NAMES.incrementAndGet();
    createTopic(topic, Map.of("partitions", 1, "maxAttempts", maxAttempts), "g");
    return topic;
  }

  String pullText(String topic) {
    return pull(topic).text();
  }

  static String nested(int depth) {
    return "[".repeat(depth) + "1" + "]".repeat(depth);
  }

  long published(String topic) {
    return api.get("/v1/topics/" + topic).json().path("stats").path("published").asLong();
  }

  @Test
  void deliversJsonPayloadByteForByteOnPull() {
    String topic = topicWithGroup(5);
    ApiClient.Answer sent =
        api.postRaw(
            "/v1/topics/" + topic + "/messages", "application/json", "{\"payload\":" + EXACT + "}");
    assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
    assertThat(pullText(topic)).contains("\"payload\":" + EXACT);
  }

  @Test
  void deliversScalarPayloadsByteForByteInABatch() {
    String topic = topicWithGroup(5);
    ApiClient.Answer sent =
        api.postRaw(
            "/v1/topics/" + topic + "/messages",
            "application/json",
            "{\"messages\":[{\"payload\":1e400},{\"payload\" : 0.10000000000000000000001 ,\"key\":\"k\"},"
                + "{\"payload\":\"x\\\"y\"}]}");
    assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
    StringBuilder all = new StringBuilder();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              all.append(pullText(topic));
              return all.indexOf("\"x\\\"y\"") >= 0;
            });
    assertThat(all.toString())
        .contains(
            "\"payload\":1e400", "\"payload\":0.10000000000000000000001", "\"payload\":\"x\\\"y\"");
  }

  @Test
  void deliversJsonPayloadByteForByteInDeadLetters() {
    String topic = topicWithGroup(1);
    api.postRaw(
        "/v1/topics/" + topic + "/messages", "application/json", "{\"payload\":" + EXACT + "}");
    String receipt = receiptOf(pullText(topic));
    api.post("/v1/topics/" + topic + "/groups/g/nack", Map.of("receipts", List.of(receipt)));
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              ApiClient.Answer letters = api.get("/v1/topics/" + topic + "/dead-letters");
              assertThat(letters.status()).as(letters.toString()).isEqualTo(200);
              assertThat(letters.text()).contains("\"payload\":" + EXACT);
            });
  }

  @Test
  void deliversJsonPayloadByteForByteOverWebSocket() {
    String topic = topicWithGroup(5);
    StreamClient stream = StreamClient.connect(api, "/v1/topics/" + topic + "/groups/g/stream");
    try {
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                api.postRaw(
                    "/v1/topics/" + topic + "/messages",
                    "application/json",
                    "{\"payload\":" + EXACT + "}");
                assertThat(stream.texts())
                    .anySatisfy(frame -> assertThat(frame).contains("\"payload\":" + EXACT));
              });
    } finally {
      stream.close();
    }
  }

  @Test
  void refusesPayloadNestedDeeperThanTheLimitAndStoresNothing() {
    String topic = topicWithGroup(5);
    for (String body :
        List.of(
            "{\"payload\":" + nested(999) + "}",
            "{\"payload\":" + nested(65) + "}",
            "{\"messages\":[{\"payload\":" + nested(65) + "}]}")) {
      ApiClient.Answer refused =
          api.postRaw("/v1/topics/" + topic + "/messages", "application/json", body);
      assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
      assertThat(refused.errorCode()).isIn("MALFORMED_JSON", "INVALID_ARGUMENT");
      assertThat(refused.json().path("error").path("message").asText()).contains("max-json-depth");
    }
    assertThat(published(topic)).isZero();
  }

  @Test
  void deliversPayloadNestedToTheLimitOnEveryRoad() {
    String topic = topicWithGroup(1);
    String deepest = nested(64);
    ApiClient.Answer sent =
        api.postRaw(
            "/v1/topics/" + topic + "/messages",
            "application/json",
            "{\"messages\":[{\"payload\":" + deepest + "},{\"payload\":2}]}");
    assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
    String pulled = pullText(topic);
    StringBuilder all = new StringBuilder(pulled);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                all.indexOf("\"payload\":2") >= 0
                    || all.append(pullText(topic)).indexOf("\"payload\":2") >= 0);
    assertThat(all.toString()).contains("\"payload\":" + deepest);
    assertThat(api.get("/v1/topics/" + topic + "/dead-letters").status()).isEqualTo(200);
  }

  @Test
  void showsLibraryStoredPayloadThatIsNotJsonAsBase64() {
    String topic = topicWithGroup(5);
    byte[] notJson = "{not json".getBytes(UTF_8);
    Switchboard.get(node.node().system())
        .publish(Message.builder(topic).payload(notJson, "application/json").build())
        .toCompletableFuture()
        .join();
    ApiClient.Answer answer = pull(topic);
    var message = answer.json().path("deliveries").get(0).path("message");
    assertThat(message.has("payload")).isFalse();
    assertThat(message.path("payloadBase64").asText())
        .isEqualTo(Base64.getEncoder().encodeToString(notJson));
  }

  /** Returns the first pull answer that holds a delivery. */
  private ApiClient.Answer pull(String topic) {
    ApiClient.Answer[] last = new ApiClient.Answer[1];
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              last[0] =
                  api.post(
                      "/v1/topics/" + topic + "/groups/g/pull", Map.of("max", 10, "waitMs", 500));
              assertThat(last[0].status()).as(last[0].toString()).isEqualTo(200);
              return last[0].json().path("deliveries").size() > 0;
            });
    return last[0];
  }

  private static String receiptOf(String pullText) {
    try {
      return ApiClient.JSON.readTree(pullText).path("deliveries").get(0).path("receipt").asText();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
