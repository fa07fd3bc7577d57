package io.switchboard.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.Switchboard;
import io.switchboard.runtime.metrics.NodeMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.stream.Materializer;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint and every error code of the HTTP API, against a real node over real HTTP.
 *
 * <p>Over 400 lines on purpose: its cases share the node (and processes) it starts once, and the
 * suite's time is node starts; split by concern, each part would start its own.
 */
class HttpApiTest extends RunningNodeTest {
  private static final AtomicInteger NAMES = new AtomicInteger();

  static String name(String prefix) {
    return prefix + "-" + NAMES.incrementAndGet();
  }

  String topicWithGroup(Map<String, Object> settings) {
    String topic = name("t");
    createTopic(topic, settings, "g");
    return topic;
  }

  List<JsonNode> pullAll(String topic, int expected) {
    List<JsonNode> deliveries = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              ApiClient.Answer answer =
                  api.post(
                      "/v1/topics/" + topic + "/groups/g/pull", Map.of("max", 100, "waitMs", 500));
              assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
              answer.json().path("deliveries").forEach(deliveries::add);
              return deliveries.size() >= expected;
            });
    return deliveries;
  }

  @Test
  void createsListsDescribesAndDeletesTopics() {
    String topic = name("orders");
    ApiClient.Answer created =
        api.post(
            "/v1/topics",
            Map.of(
                "name",
                topic,
                "partitions",
                3,
                "durable",
                true,
                "maxAttempts",
                7,
                "ackLeaseMs",
                5000,
                "backlogLimit",
                1000,
                "retentionMs",
                0,
                "idempotencyWindowMs",
                60000));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.json().path("partitions").asInt()).isEqualTo(3);
    assertThat(created.json().path("maxAttempts").asInt()).isEqualTo(7);
    assertThat(created.json().path("deadLetterTopic").asText()).isEqualTo(topic + ".dlq");

    assertThat(api.get("/v1/topics").json().path("topics").findValuesAsText("name"))
        .contains(topic);
    JsonNode described = api.get("/v1/topics/" + topic).json();
    assertThat(described.path("config").path("ackLeaseMs").asLong()).isEqualTo(5000);
    assertThat(described.path("stats").path("partitions")).hasSize(3);

    assertThat(api.post("/v1/topics", Map.of("name", topic)).errorCode()).isEqualTo("TOPIC_EXISTS");
    assertThat(api.post("/v1/topics", Map.of("name", topic)).status()).isEqualTo(409);
    assertThat(api.delete("/v1/topics/" + topic).status()).isEqualTo(204);
    ApiClient.Answer gone = api.get("/v1/topics/" + topic);
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.errorCode()).isEqualTo("UNKNOWN_TOPIC");
    assertThat(api.delete("/v1/topics/" + topic).errorCode()).isEqualTo("UNKNOWN_TOPIC");
  }

  @Test
  void createsListsAndDeletesGroups() {
    String topic = name("t");
    api.post("/v1/topics", Map.of("name", topic));
    ApiClient.Answer created =
        api.post(
            "/v1/topics/" + topic + "/groups",
            Map.of("name", "gpu", "balancing", "consistent-hash", "startFrom", "earliest"));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.json().path("balancing").asText()).isEqualTo("consistent-hash");
    assertThat(
            api.get("/v1/topics/" + topic + "/groups")
                .json()
                .path("groups")
                .findValuesAsText("name"))
        .containsExactly("gpu");

    ApiClient.Answer again = api.post("/v1/topics/" + topic + "/groups", Map.of("name", "gpu"));
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.errorCode()).isEqualTo("GROUP_EXISTS");
    ApiClient.Answer noTopic =
        api.post("/v1/topics/" + name("missing") + "/groups", Map.of("name", "gpu"));
    assertThat(noTopic.status()).isEqualTo(404);
    assertThat(noTopic.errorCode()).isEqualTo("UNKNOWN_TOPIC");

    assertThat(api.delete("/v1/topics/" + topic + "/groups/gpu").status()).isEqualTo(204);
    assertThat(api.get("/v1/topics/" + topic + "/groups").json().path("groups")).isEmpty();
    ApiClient.Answer noGroup = api.post("/v1/topics/" + topic + "/groups/gpu/pull", Map.of());
    assertThat(noGroup.status()).isEqualTo(404);
    assertThat(noGroup.errorCode()).isEqualTo("UNKNOWN_GROUP");
  }

  @Test
  void publishesPullsAndAcks() {
    String topic = topicWithGroup(Map.of("partitions", 2));
    ApiClient.Answer one =
        api.post(
            "/v1/topics/" + topic + "/messages",
            Map.of(
                "key",
                "user-1",
                "type",
                "chat.request",
                "source",
                "web",
                "target",
                "llm",
                "headers",
                Map.of("trace", "abc"),
                "idempotencyKey",
                "k-1",
                "payload",
                Map.of("text", "hi")));
    assertThat(one.status()).as(one.toString()).isEqualTo(200);
    assertThat(one.json().path("messageId").asText()).isNotEmpty();
    assertThat(one.json().has("partition")).isTrue();
    assertThat(one.json().has("offset")).isTrue();

    ApiClient.Answer batch =
        api.post(
            "/v1/topics/" + topic + "/messages",
            Map.of(
                "messages",
                List.of(
                    Map.of(
                        "payloadBase64",
                        Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}),
                        "contentType",
                        "application/octet-stream"),
                    Map.of("payload", List.of(1, 2)))));
    assertThat(batch.status()).as(batch.toString()).isEqualTo(200);
    assertThat(batch.json().path("confirms")).hasSize(2);

    List<JsonNode> deliveries = pullAll(topic, 3);
    assertThat(deliveries).extracting(d -> d.path("attempt").asInt()).containsOnly(1);
    JsonNode json =
        deliveries.stream()
            .filter(d -> d.path("message").path("key").asText().equals("user-1"))
            .findFirst()
            .orElseThrow();
    assertThat(json.path("message").path("payload").path("text").asText()).isEqualTo("hi");
    assertThat(json.path("message").path("headers").path("trace").asText()).isEqualTo("abc");
    assertThat(deliveries)
        .anySatisfy(
            d -> assertThat(d.path("message").path("payloadBase64").asText()).isEqualTo("AQID"));

    List<String> receipts = deliveries.stream().map(d -> d.path("receipt").asText()).toList();
    ApiClient.Answer acked =
        api.post("/v1/topics/" + topic + "/groups/g/ack", Map.of("receipts", receipts));
    assertThat(acked.status()).as(acked.toString()).isEqualTo(200);
    assertThat(acked.json().path("accepted")).hasSize(3);
    ApiClient.Answer twice =
        api.post("/v1/topics/" + topic + "/groups/g/ack", Map.of("receipts", receipts));
    assertThat(twice.json().path("rejected")).hasSize(3);
  }

  @Test
  void nackRedeliversWithTheNextAttempt() {
    String topic = topicWithGroup(Map.of("partitions", 1));
    api.post("/v1/topics/" + topic + "/messages", Map.of("payload", "again"));
    String receipt = pullAll(topic, 1).get(0).path("receipt").asText();
    ApiClient.Answer nacked =
        api.post(
            "/v1/topics/" + topic + "/groups/g/nack",
            Map.of("receipts", List.of(receipt), "delayMs", 100));
    assertThat(nacked.json().path("accepted")).hasSize(1);
    assertThat(pullAll(topic, 1).get(0).path("attempt").asInt()).isEqualTo(2);
  }

  @Test
  void deadLettersAreListedAndReplayed() {
    String topic = topicWithGroup(Map.of("partitions", 1, "maxAttempts", 1));
    api.post("/v1/topics/" + topic + "/messages", Map.of("payload", Map.of("poison", true)));
    String receipt = pullAll(topic, 1).get(0).path("receipt").asText();
    api.post("/v1/topics/" + topic + "/groups/g/nack", Map.of("receipts", List.of(receipt)));

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(
                        api.get("/v1/topics/" + topic + "/dead-letters?limit=10")
                            .json()
                            .path("deadLetters"))
                    .hasSize(1));
    ApiClient.Answer replayed =
        api.post("/v1/topics/" + topic + "/dead-letters/replay", Map.of("max", 10));
    assertThat(replayed.status()).as(replayed.toString()).isEqualTo(200);
    assertThat(replayed.json().path("replayed").asInt()).isEqualTo(1);
    assertThat(pullAll(topic, 1).get(0).path("message").path("payload").path("poison").asBoolean())
        .isTrue();
    assertThat(api.get("/v1/topics/" + name("missing") + "/dead-letters").errorCode())
        .isEqualTo("UNKNOWN_TOPIC");
  }

  @Test
  void routesPublishThroughTheRouter() {
    String topic = topicWithGroup(Map.of("partitions", 1));
    String pattern = name("evt") + ".*";
    Map<String, String> route = Map.of("pattern", pattern, "topic", topic);
    assertThat(api.post("/v1/routes", route).status()).isEqualTo(201);
    assertThat(api.get("/v1/routes").json().path("routes").findValuesAsText("pattern"))
        .contains(pattern);

    ApiClient.Answer routed =
        api.post(
            "/v1/publish",
            Map.of("type", pattern.replace("*", "created"), "payload", Map.of("id", 7)));
    assertThat(routed.status()).as(routed.toString()).isEqualTo(200);
    assertThat(routed.json().path("confirms").findValuesAsText("topic")).containsExactly(topic);
    assertThat(pullAll(topic, 1)).hasSize(1);
    String metrics = api.get("/metrics").text();
    assertThat(metrics)
        .contains(
            "switchboard_http_published_total{topic=\"" + topic + "\"} 1.0",
            "switchboard_http_confirmed_total{topic=\"" + topic + "\"} 1.0");

    assertThat(api.delete("/v1/routes", route).status()).isEqualTo(204);
    assertThat(api.get("/v1/routes").json().path("routes").findValuesAsText("pattern"))
        .doesNotContain(pattern);
    api.post("/v1/routes", route);
    assertThat(api.delete("/v1/routes?pattern=" + pattern + "&topic=" + topic).status())
        .isEqualTo(204);
    assertThat(api.get("/v1/routes").json().path("routes").findValuesAsText("pattern"))
        .doesNotContain(pattern);
  }

  @Test
  void streamsDeliveriesOverWebSocketAndTakesAcks() {
    String topic = topicWithGroup(Map.of("partitions", 1));
    StreamClient stream =
        StreamClient.connect(api, "/v1/topics/" + topic + "/groups/g/stream?credit=4");
    try {
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                api.post("/v1/topics/" + topic + "/messages", Map.of("payload", Map.of("n", 1)));
                assertThat(stream.deliveries()).isNotEmpty();
              });
      String receipt = stream.deliveries().get(0).path("receipt").asText();
      stream.send(ApiClient.json(Map.of("ack", List.of(receipt))));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> stream.answers().stream().anyMatch(f -> f.has("acked")));
      assertThat(
              stream.answers().stream()
                  .filter(f -> f.has("acked"))
                  .findFirst()
                  .orElseThrow()
                  .path("acked")
                  .path("accepted")
                  .get(0)
                  .asText())
          .isEqualTo(receipt);
      stream.send("{\"ack\": 5}");
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(stream.answers())
                      .anySatisfy(
                          frame ->
                              assertThat(frame.path("error").path("code").asText())
                                  .isEqualTo("INVALID_ARGUMENT")));
    } finally {
      stream.close();
    }
    ApiClient.Answer unknown = api.get("/v1/topics/" + topic + "/groups/nope/stream");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.errorCode()).isEqualTo("UNKNOWN_GROUP");
    assertThat(api.get("/v1/topics/" + topic + "/groups/g/stream").status()).isEqualTo(400);
  }

  @Test
  void refusesPublishesOverTheBacklogWith429AndRetryAfter() {
    String topic = topicWithGroup(Map.of("partitions", 1, "backlogLimit", 3));
    List<Integer> statuses = new ArrayList<>();
    ApiClient.Answer last = null;
    for (int i = 0; i < 10 && !statuses.contains(429); i++) {
      last = api.post("/v1/topics/" + topic + "/messages", Map.of("payload", i));
      statuses.add(last.status());
    }
    assertThat(statuses).contains(429);
    assertThat(last.errorCode()).isEqualTo("OVERLOADED");
    assertThat(last.response().headers().firstValue("Retry-After")).isPresent();
  }

  @Test
  void answersUnknownPathsAndMethodsWithJsonErrors() {
    assertThat(api.get("/v1/nothing").status()).isEqualTo(404);
    assertThat(api.get("/v1/nothing").errorCode()).isEqualTo("NOT_FOUND");
    assertThat(api.method("PUT", "/v1/topics").status()).isEqualTo(405);
    assertThat(api.method("PUT", "/v1/topics").errorCode()).isEqualTo("METHOD_NOT_ALLOWED");
    ApiClient.Answer text = api.postRaw("/v1/topics", "text/plain", "name=x");
    assertThat(text.status()).isEqualTo(415);
    assertThat(text.errorCode()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
  }

  @Test
  void servesMetricsAndHealth() {
    api.get("/v1/topics");
    ApiClient.Answer metrics = api.get("/metrics");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.text())
        .contains("switchboard_http_requests_seconds_bucket", "jvm_memory_used_bytes");
    assertThat(api.get("/health/alive").status()).isEqualTo(200);
    assertThat(api.get("/health/ready").status()).isEqualTo(200);
    String management = node.node().managementUri().toCompletableFuture().join().toString();
    ApiClient probes = new ApiClient(java.net.URI.create(management));
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(probes.get("/health/ready").status()).isEqualTo(200));
    assertThat(probes.get("/health/alive").status()).isEqualTo(200);
    assertThat(probes.get("/cluster/members").text()).contains("\"Up\"");
  }

  @Test
  void answers503WhileNotReady() {
    try (Unready starting = new Unready(Readiness.State.STARTING)) {
      ApiClient.Answer answer = starting.client.get("/v1/topics");
      assertThat(answer.status()).isEqualTo(503);
      assertThat(answer.errorCode()).isEqualTo("NOT_READY");
      assertThat(answer.json().path("error").path("message").asText()).contains("starting");
      assertThat(starting.client.get("/health/ready").json().path("status").asText())
          .isEqualTo("starting");
      assertThat(starting.client.get("/health/ready").status()).isEqualTo(503);
      assertThat(starting.client.get("/health/alive").status()).isEqualTo(200);
    }
  }

  @Test
  void answers503StoppingOnceShutdownBegins() {
    try (Unready stopping = new Unready(Readiness.State.STOPPING)) {
      ApiClient.Answer answer = stopping.client.post("/v1/topics", Map.of("name", name("never")));
      assertThat(answer.status()).isEqualTo(503);
      assertThat(answer.errorCode()).isEqualTo("STOPPING");
      assertThat(answer.json().path("error").path("message").asText()).contains("stopping");
      assertThat(answer.response().headers().firstValue("Retry-After")).hasValue("1");
      assertThat(stopping.client.get("/health/ready").status()).isEqualTo(503);
      assertThat(stopping.client.get("/health/ready").json().path("status").asText())
          .isEqualTo("stopping");
    }
  }

  /** A second listener on the test node's system whose readiness stays in one state. */
  private final class Unready implements AutoCloseable {
    final ServerBinding binding;
    final ApiClient client;

    Unready(Readiness.State state) {
      Switchboard switchboard = Switchboard.get(node.node().system());
      JsonCodec json = new JsonCodec();
      HttpSettings settings =
          HttpSettings.fromConfig(
              node.node().system().settings().config().getConfig("switchboard.http"));
      var executor = node.node().system().executionContext();
      ApiContext context =
          new ApiContext(
              switchboard,
              settings,
              json,
              new RequestBodies(
                  json, 1024, 1000, Materializer.matFromSystem(node.node().system()), executor),
              new NodeMetrics(),
              executor);
      binding =
          org.apache.pekko.http.javadsl.Http.get(node.node().system())
              .newServerAt("127.0.0.1", 0)
              .bind(new HttpApi(context, Readiness.fixed(state)).route())
              .toCompletableFuture()
              .join();
      client = new ApiClient("127.0.0.1", binding.localAddress().getPort());
    }

    @Override
    public void close() {
      binding.unbind().toCompletableFuture().join();
    }
  }
}
