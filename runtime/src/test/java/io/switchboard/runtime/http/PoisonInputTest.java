package io.switchboard.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The requests of issue #7 that did lasting damage with one poisoned string or number: each is
 * refused at once with a JSON 400 that names the field, stores nothing, and leaves the registry and
 * the partitions answering.
 */
class PoisonInputTest extends RunningNodeTest {
  private static final String TOPIC = "poison";
  private static final String MESSAGES = "/v1/topics/" + TOPIC + "/messages";
  private static final Duration PROMPT = Duration.ofSeconds(3);

  /** JSON escapes of strings no journal can store or no field should hold. */
  private static final List<String> POISONS =
      List.of("\\ud800", "x\\udfff", "\\u0000", "a\\u0007", "\\u007f", "\\u009b");

  @BeforeAll
  void createTopics() {
    createTopic(TOPIC, 2, "g");
    assertThat(api.post(MESSAGES, Map.of("payload", "first")).status()).isEqualTo(200);
  }

  Stream<Arguments> poisonedMessages() {
    List<Arguments> cases = new ArrayList<>();
    for (String poison : POISONS) {
      for (String field : List.of("id", "key", "type", "source", "target", "idempotencyKey")) {
        cases.add(Arguments.of(field, "{\"" + field + "\":\"" + poison + "\"}", "INVALID_MESSAGE"));
      }
      cases.add(
          Arguments.of(
              "contentType",
              "{\"payloadBase64\":\"AQ==\",\"contentType\":\"" + poison + "\"}",
              "INVALID_MESSAGE"));
      // The JSON parser itself refuses a broken surrogate in an object key.
      boolean surrogate = poison.contains("\\ud");
      cases.add(
          Arguments.of(
              surrogate ? "the request body is not valid JSON" : "header name",
              "{\"headers\":{\"h" + poison + "\":\"v\"}}",
              surrogate ? "MALFORMED_JSON" : "INVALID_MESSAGE"));
      cases.add(
          Arguments.of(
              "header 'h' value", "{\"headers\":{\"h\":\"" + poison + "\"}}", "INVALID_MESSAGE"));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("poisonedMessages")
  void refusesAPoisonedFieldAndTheBatchThatCarriesIt(String field, String message, String code) {
    Snapshot before = snapshot();
    ApiClient.Answer single = timed(() -> api.postRaw(MESSAGES, "application/json", message));
    assertRefused(single, 400, code);
    assertThat(single.json().path("error").path("message").asText()).startsWith(field);
    ApiClient.Answer batch =
        timed(
            () ->
                api.postRaw(
                    MESSAGES,
                    "application/json",
                    "{\"messages\":[{\"payload\":\"valid\"}," + message + "]}"));
    assertRefused(batch, 400, code);
    assertThat(snapshot()).isEqualTo(before);
    assertThat(api.post(MESSAGES, Map.of("payload", "still served")).status()).isEqualTo(200);
  }

  @Test
  void refusesPoisonedRoutePatternsAndDeadLetterTargetsWithTheRegistryUnharmed() {
    Snapshot before = snapshot();
    for (String poison : POISONS) {
      assertRefused(
          timed(
              () ->
                  api.postRaw(
                      "/v1/routes",
                      "application/json",
                      "{\"pattern\":\"" + poison + "\",\"topic\":\"" + TOPIC + "\"}")),
          400,
          "INVALID_ARGUMENT");
    }
    assertRefused(
        api.postRaw(
            "/v1/routes",
            "application/json",
            "{\"pattern\":\"chat\\t.*\",\"topic\":\"" + TOPIC + "\"}"),
        400,
        "INVALID_ARGUMENT");
    ApiClient.Answer toDeadLetters =
        api.post("/v1/routes", Map.of("pattern", "chat.*", "topic", TOPIC + ".dlq"));
    assertRefused(toDeadLetters, 400, "INVALID_ARGUMENT");
    assertThat(toDeadLetters.json().path("error").path("message").asText()).contains("dead-letter");
    assertThat(snapshot()).isEqualTo(before);
    assertThat(timed(() -> api.post("/v1/topics", Map.of("name", "after-poison"))).status())
        .isEqualTo(201);
    assertThat(api.delete("/v1/topics/after-poison").status()).isEqualTo(204);
  }

  @Test
  void answersJsonWhenAnErrorEchoesAPoisonedValue() {
    Snapshot before = snapshot();
    for (String field : List.of("balancing", "startFrom")) {
      ApiClient.Answer answer =
          api.postRaw(
              "/v1/topics/" + TOPIC + "/groups",
              "application/json",
              "{\"name\":\"g9\",\"" + field + "\":\"\\ud800\\u0007\"}");
      assertRefused(answer, 400, "INVALID_ARGUMENT");
      assertThat(answer.json().path("error").path("message").asText()).contains("\\uD800\\u0007");
    }
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void refusesDeletingADeadLetterTopicOnItsOwn() {
    Snapshot before = snapshot();
    ApiClient.Answer answer = api.delete("/v1/topics/" + TOPIC + ".dlq");
    assertRefused(answer, 400, "INVALID_ARGUMENT");
    assertThat(answer.json().path("error").path("message").asText())
        .contains("deleted only with its topic");
    assertThat(snapshot()).isEqualTo(before);
    assertThat(api.get("/v1/topics/" + TOPIC + "/dead-letters").status()).isEqualTo(200);
  }

  @Test
  void showsNoDeadLetterTopicOfADeadLetterTopic() {
    JsonNode dlq = api.get("/v1/topics/" + TOPIC + ".dlq").json().path("config");
    assertThat(dlq.path("name").asText()).isEqualTo(TOPIC + ".dlq");
    assertThat(dlq.has("deadLetterTopic")).as(dlq.toString()).isFalse();
    assertThat(
            api.get("/v1/topics/" + TOPIC).json().path("config").path("deadLetterTopic").asText())
        .isEqualTo(TOPIC + ".dlq");
    for (JsonNode topic : api.get("/v1/topics").json().path("topics")) {
      assertThat(topic.path("deadLetterTopic").asText()).doesNotEndWith(".dlq.dlq");
    }
  }

  @Test
  void refusesDurationsThatOverflow() {
    Snapshot before = snapshot();
    for (String field : List.of("ackLeaseMs", "retentionMs", "idempotencyWindowMs")) {
      for (String value :
          List.of("9223372036854775807", "9223372036854775000", "-9223372036854775808", "1e30")) {
        ApiClient.Answer answer =
            api.postRaw(
                "/v1/topics",
                "application/json",
                "{\"name\":\"overflow\",\"" + field + "\":" + value + "}");
        assertRefused(answer, 400, "INVALID_ARGUMENT");
      }
    }
    assertThat(snapshot()).isEqualTo(before);
    ApiClient.Answer dayLong =
        api.post("/v1/topics", Map.of("name", "day-lease", "ackLeaseMs", 86_400_000L));
    assertThat(dayLong.status()).as(dayLong.toString()).isEqualTo(201);
    assertThat(api.delete("/v1/topics/day-lease").status()).isEqualTo(204);
  }

  @Test
  void refusesReservedHeaders() {
    Snapshot before = snapshot();
    for (String name :
        List.of("switchboard-replay-group", "Switchboard-Dead-Letter-Reason", "SWITCHBOARD-X")) {
      ApiClient.Answer answer =
          api.post(MESSAGES, Map.of("payload", 1, "headers", Map.of(name, "g")));
      assertRefused(answer, 400, "INVALID_MESSAGE");
      assertThat(answer.json().path("error").path("message").asText()).contains("reserved");
    }
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void limitsIdAndContentTypeLengths() {
    Snapshot before = snapshot();
    assertRefused(
        api.post(MESSAGES, Map.of("id", "i".repeat(129), "payload", 1)), 400, "INVALID_MESSAGE");
    assertRefused(
        api.post(MESSAGES, Map.of("id", "i".repeat(20_000), "payload", 1)), 400, "INVALID_MESSAGE");
    assertRefused(
        api.post(MESSAGES, Map.of("payloadBase64", "AQ==", "contentType", "a/" + "b".repeat(300))),
        400,
        "INVALID_MESSAGE");
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void confirmsARepeatedIdAsADuplicateOfTheFirst() {
    String topic = "dedup";
    createTopic(topic, 4);
    String path = "/v1/topics/" + topic + "/messages";
    JsonNode first = api.post(path, Map.of("id", "order-17", "payload", 1)).json();
    JsonNode again = api.post(path, Map.of("id", "order-17", "payload", 2)).json();
    JsonNode batch =
        api.post(
                path,
                Map.of(
                    "messages",
                    List.of(
                        Map.of("id", "order-18", "payload", 3),
                        Map.of("id", "order-18", "payload", 4))))
            .json();

    assertThat(first.path("duplicate").asBoolean()).as(first.toString()).isFalse();
    assertThat(again.path("duplicate").asBoolean()).as(again.toString()).isTrue();
    assertThat(again.path("partition").asInt()).isEqualTo(first.path("partition").asInt());
    assertThat(again.path("offset").asLong()).isEqualTo(first.path("offset").asLong());
    assertThat(batch.path("confirms").get(1).path("duplicate").asBoolean())
        .as(batch.toString())
        .isTrue();
    assertThat(api.get("/v1/topics/" + topic).json().path("stats").path("published").asLong())
        .isEqualTo(2);
  }

  private static void assertRefused(ApiClient.Answer answer, int status, String code) {
    assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
    assertThat(answer.errorCode()).as(answer.toString()).isEqualTo(code);
    assertThat(answer.json().path("error").path("message").asText()).isNotBlank();
  }

  /** Runs a request that must be answered at once, not after an ask timeout. */
  private static ApiClient.Answer timed(java.util.function.Supplier<ApiClient.Answer> request) {
    long start = System.nanoTime();
    ApiClient.Answer answer = request.get();
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as(answer.toString())
        .isLessThan(PROMPT);
    return answer;
  }

  private Snapshot snapshot() {
    JsonNode details = api.get("/v1/topics/" + TOPIC).json();
    List<String> topics = new ArrayList<>(api.get("/v1/topics").json().findValuesAsText("name"));
    topics.sort(null);
    return new Snapshot(
        topics,
        details.path("stats").path("published").asLong(),
        api.get("/v1/routes").json().toString());
  }

  private record Snapshot(List<String> topics, long published, String routes) {}
}
