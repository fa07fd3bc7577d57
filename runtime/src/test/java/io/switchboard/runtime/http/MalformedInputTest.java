package io.switchboard.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad requests of every kind: each gets the documented status and code, and leaves everything
 * stored (topics, groups, messages, routes) exactly as it was.
 *
 * <p>Over 400 lines on purpose: its cases share the node (and processes) it starts once, and the
 * suite's time is node starts; split by concern, each part would start its own.
 */
class MalformedInputTest extends RunningNodeTest {
  private static final String TOPIC = "reference";
  private static final String MESSAGES = "/v1/topics/" + TOPIC + "/messages";
  private static final String GROUP = "/v1/topics/" + TOPIC + "/groups/g";

  @BeforeAll
  void createTopics() {
    createTopic(TOPIC, 2, "g");
    assertThat(api.post("/v1/routes", Map.of("pattern", "ref.*", "topic", TOPIC)).status())
        .isEqualTo(201);
    assertThat(api.post(MESSAGES, Map.of("payload", "first")).status()).isEqualTo(200);
  }

  Stream<Arguments> badRequests() {
    String big = "x".repeat(70 * 1024);
    String overPayloadLimit = java.util.Base64.getEncoder().encodeToString(new byte[20 * 1024]);
    return Stream.of(
        bad(
            "invalid JSON",
            400,
            "MALFORMED_JSON",
            () -> api.postRaw("/v1/topics", "application/json", "{\"name\":")),
        bad(
            "empty body",
            400,
            "INVALID_ARGUMENT",
            () -> api.postRaw("/v1/topics", "application/json", "")),
        bad(
            "array instead of object",
            400,
            "INVALID_ARGUMENT",
            () -> api.post("/v1/topics", List.of(1))),
        bad(
            "string partitions",
            400,
            "INVALID_ARGUMENT",
            () -> api.post("/v1/topics", Map.of("name", "x1", "partitions", "four"))),
        bad(
            "fractional partitions",
            400,
            "INVALID_ARGUMENT",
            () ->
                api.postRaw(
                    "/v1/topics", "application/json", "{\"name\":\"x2\",\"partitions\":2.5}")),
        bad(
            "unknown field",
            400,
            "INVALID_ARGUMENT",
            () -> api.post("/v1/topics", Map.of("name", "x3", "partitionz", 4))),
        bad(
            "zero partitions",
            400,
            "INVALID_ARGUMENT",
            () -> api.post("/v1/topics", Map.of("name", "x4", "partitions", 0))),
        bad(
            "negative lease",
            400,
            "INVALID_ARGUMENT",
            () -> api.post("/v1/topics", Map.of("name", "x5", "ackLeaseMs", -1))),
        bad(
            "bad topic name",
            400,
            "INVALID_NAME",
            () -> api.post("/v1/topics", Map.of("name", "bad name!"))),
        bad(
            "reserved dlq name",
            400,
            "INVALID_NAME",
            () -> api.post("/v1/topics", Map.of("name", "x.dlq"))),
        bad(
            "missing topic name",
            400,
            "INVALID_NAME",
            () -> api.post("/v1/topics", Map.of("partitions", 1))),
        bad(
            "bad topic in path",
            400,
            "INVALID_NAME",
            () -> api.post("/v1/topics/bad%24name/messages", Map.of())),
        bad(
            "bad group name",
            400,
            "INVALID_NAME",
            () -> api.post("/v1/topics/" + TOPIC + "/groups", Map.of("name", "-g"))),
        bad(
            "unknown balancing",
            400,
            "INVALID_ARGUMENT",
            () ->
                api.post(
                    "/v1/topics/" + TOPIC + "/groups",
                    Map.of("name", "g2", "balancing", "random"))),
        bad(
            "unknown startFrom",
            400,
            "INVALID_ARGUMENT",
            () ->
                api.post(
                    "/v1/topics/" + TOPIC + "/groups",
                    Map.of("name", "g3", "startFrom", "middle"))),
        bad(
            "bad base64",
            400,
            "INVALID_MESSAGE",
            () -> api.post(MESSAGES, Map.of("payloadBase64", "%%%not-base64"))),
        bad(
            "payload and base64",
            400,
            "INVALID_MESSAGE",
            () -> api.post(MESSAGES, Map.of("payload", 1, "payloadBase64", "AQ=="))),
        bad(
            "JSON payload with binary type",
            400,
            "INVALID_MESSAGE",
            () -> api.post(MESSAGES, Map.of("payload", 1, "contentType", "image/png"))),
        bad(
            "null header value",
            400,
            "INVALID_MESSAGE",
            () -> api.postRaw(MESSAGES, "application/json", "{\"headers\":{\"a\":null}}")),
        bad(
            "numeric header value",
            400,
            "INVALID_ARGUMENT",
            () -> api.postRaw(MESSAGES, "application/json", "{\"headers\":{\"a\":1}}")),
        bad(
            "key too long",
            400,
            "INVALID_MESSAGE",
            () -> api.post(MESSAGES, Map.of("key", "k".repeat(300)))),
        bad(
            "batch with one bad message",
            400,
            "INVALID_MESSAGE",
            () ->
                api.post(
                    MESSAGES,
                    Map.of(
                        "messages", List.of(Map.of("payload", 1), Map.of("payloadBase64", "!!"))))),
        bad(
            "batch with a wrong type",
            400,
            "INVALID_ARGUMENT",
            () ->
                api.post(
                    MESSAGES, Map.of("messages", List.of(Map.of("payload", 1), Map.of("key", 5))))),
        bad(
            "empty batch",
            400,
            "INVALID_ARGUMENT",
            () -> api.post(MESSAGES, Map.of("messages", List.of()))),
        bad(
            "batch over max-batch",
            400,
            "INVALID_ARGUMENT",
            () ->
                api.post(
                    MESSAGES,
                    Map.of("messages", java.util.Collections.nCopies(51, Map.of("payload", 1))))),
        bad(
            "body over max-body-bytes",
            413,
            "PAYLOAD_TOO_LARGE",
            () -> api.post(MESSAGES, Map.of("payload", big))),
        bad(
            "payload over max-payload-bytes",
            413,
            "PAYLOAD_TOO_LARGE",
            () -> api.post(MESSAGES, Map.of("payloadBase64", overPayloadLimit))),
        bad(
            "form body",
            415,
            "UNSUPPORTED_MEDIA_TYPE",
            () -> api.postRaw(MESSAGES, "application/x-www-form-urlencoded", "payload=1")),
        bad(
            "unknown topic",
            404,
            "UNKNOWN_TOPIC",
            () -> api.post("/v1/topics/nope/messages", Map.of("payload", 1))),
        bad(
            "malformed receipt",
            400,
            "UNKNOWN_RECEIPT",
            () -> api.post(GROUP + "/ack", Map.of("receipts", List.of("garbage")))),
        bad(
            "negative receipt",
            400,
            "UNKNOWN_RECEIPT",
            () -> api.post(GROUP + "/ack", Map.of("receipts", List.of("0--1-1")))),
        bad(
            "no receipts",
            400,
            "INVALID_ARGUMENT",
            () -> api.post(GROUP + "/ack", Map.of("receipts", List.of()))),
        bad(
            "negative nack delay",
            400,
            "INVALID_ARGUMENT",
            () ->
                api.post(
                    GROUP + "/nack",
                    Map.of("receipts", List.of("0-0-1-1-0000abcd"), "delayMs", -5))),
        bad(
            "pull max 0",
            400,
            "INVALID_ARGUMENT",
            () -> api.post(GROUP + "/pull", Map.of("max", 0))),
        bad(
            "pull wait too long",
            400,
            "INVALID_ARGUMENT",
            () -> api.post(GROUP + "/pull", Map.of("waitMs", 3_600_000))),
        bad(
            "bad route pattern",
            400,
            "INVALID_ARGUMENT",
            () -> api.post("/v1/routes", Map.of("pattern", "", "topic", TOPIC))),
        bad(
            "route without topic",
            400,
            "INVALID_ARGUMENT",
            () -> api.post("/v1/routes", Map.of("pattern", "a.*"))),
        bad(
            "routed message without type",
            400,
            "INVALID_MESSAGE",
            () -> api.post("/v1/publish", Map.of("payload", 1))),
        bad(
            "dead letters limit text",
            400,
            "INVALID_ARGUMENT",
            () -> api.get("/v1/topics/" + TOPIC + "/dead-letters?limit=ten")),
        bad("stream credit 0", 400, "INVALID_ARGUMENT", () -> api.get(GROUP + "/stream?credit=0")),
        bad(
            "blank partitions",
            400,
            "INVALID_ARGUMENT",
            () ->
                api.postRaw(
                    "/v1/topics", "application/json", "{\"name\":\"x6\",\"partitions\":\"  \"}")),
        bad(
            "empty partitions",
            400,
            "INVALID_ARGUMENT",
            () ->
                api.postRaw(
                    "/v1/topics", "application/json", "{\"name\":\"x7\",\"partitions\":\"\"}")),
        bad(
            "control-only maxAttempts",
            400,
            "INVALID_ARGUMENT",
            () ->
                api.postRaw(
                    "/v1/topics",
                    "application/json",
                    "{\"name\":\"x8\",\"maxAttempts\":\"\\u0001\"}")),
        bad(
            "blank durable",
            400,
            "INVALID_ARGUMENT",
            () ->
                api.postRaw(
                    "/v1/topics", "application/json", "{\"name\":\"x9\",\"durable\":\" \"}")),
        bad(
            "blank ackLeaseMs",
            400,
            "INVALID_ARGUMENT",
            () ->
                api.postRaw(
                    "/v1/topics", "application/json", "{\"name\":\"x10\",\"ackLeaseMs\":\"\\t\"}")),
        bad(
            "blank pull max",
            400,
            "INVALID_ARGUMENT",
            () -> api.postRaw(GROUP + "/pull", "application/json", "{\"max\":\" \"}")),
        bad(
            "blank nack delay",
            400,
            "INVALID_ARGUMENT",
            () ->
                api.postRaw(
                    GROUP + "/nack",
                    "application/json",
                    "{\"receipts\":[\"0-0-1\"],\"delayMs\":\"\"}")),
        bad(
            "balancing with a dotless i",
            400,
            "INVALID_ARGUMENT",
            () ->
                api.post(
                    "/v1/topics/" + TOPIC + "/groups",
                    Map.of("name", "g4", "balancing", "round-rob\u0131n"))),
        bad(
            "balancing with spaces",
            400,
            "INVALID_ARGUMENT",
            () ->
                api.post(
                    "/v1/topics/" + TOPIC + "/groups",
                    Map.of("name", "g5", "balancing", " round-robin"))),
        bad(
            "startFrom with a trailing space",
            400,
            "INVALID_ARGUMENT",
            () ->
                api.post(
                    "/v1/topics/" + TOPIC + "/groups",
                    Map.of("name", "g6", "startFrom", "LATEST "))),
        bad(
            "startFrom with a dotted capital I",
            400,
            "INVALID_ARGUMENT",
            () ->
                api.post(
                    "/v1/topics/" + TOPIC + "/groups",
                    Map.of("name", "g7", "startFrom", "earl\u0130est"))),
        bad(
            "dead letters limit with a plus",
            400,
            "INVALID_ARGUMENT",
            () -> api.get("/v1/topics/" + TOPIC + "/dead-letters?limit=%2B5")),
        bad(
            "dead letters limit in Arabic-Indic digits",
            400,
            "INVALID_ARGUMENT",
            () -> api.get("/v1/topics/" + TOPIC + "/dead-letters?limit=%D9%A5")),
        bad(
            "dead letters limit with a space",
            400,
            "INVALID_ARGUMENT",
            () -> api.get("/v1/topics/" + TOPIC + "/dead-letters?limit=%205")),
        bad(
            "replay max with a plus",
            400,
            "INVALID_ARGUMENT",
            () -> api.postEmpty("/v1/topics/" + TOPIC + "/dead-letters/replay?max=%2B1")),
        bad(
            "replay max in Arabic-Indic digits",
            400,
            "INVALID_ARGUMENT",
            () -> api.postEmpty("/v1/topics/" + TOPIC + "/dead-letters/replay?max=%D9%A1")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void refusesAndChangesNothing(
      String what, int status, String code, Supplier<ApiClient.Answer> request) {
    Snapshot before = snapshot();
    ApiClient.Answer answer = request.get();
    assertThat(answer.status()).as(what + ": " + answer).isEqualTo(status);
    assertThat(answer.errorCode()).as(what + ": " + answer).isEqualTo(code);
    assertThat(answer.json().path("error").path("message").asText()).as(what).isNotBlank();
    assertThat(snapshot()).as(what).isEqualTo(before);
  }

  @Test
  void wellFormedUnknownReceiptsAreRejectedNotFailed() {
    ApiClient.Answer answer =
        api.post(GROUP + "/ack", Map.of("receipts", List.of("1-999999-1-1-0000abcd")));
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().path("rejected").get(0).asText()).isEqualTo("1-999999-1-1-0000abcd");
  }

  private static Arguments bad(
      String what, int status, String code, Supplier<ApiClient.Answer> request) {
    return Arguments.of(what, status, code, request);
  }

  private Snapshot snapshot() {
    JsonNode stats = api.get("/v1/topics/" + TOPIC).json();
    List<String> topics = new ArrayList<>(api.get("/v1/topics").json().findValuesAsText("name"));
    topics.sort(null);
    return new Snapshot(
        topics,
        stats.path("groups").toString(),
        stats.path("stats").path("published").asLong(),
        api.get("/v1/routes").json().toString());
  }

  private record Snapshot(List<String> topics, String groups, long published, String routes) {}
}
