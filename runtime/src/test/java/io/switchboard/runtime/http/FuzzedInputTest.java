package io.switchboard.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Throws hostile text (lone surrogates, controls, 4-byte characters, look-alikes, dot segments) and
 * deep nesting at every string and number field of every endpoint. Each answer must be a 2xx that
 * delivers or a JSON 4xx that stores nothing; afterwards the registry and the partitions still
 * answer, and exactly the confirmed messages are delivered. The seed is fixed so a failure
 * reproduces; {@code -Dfuzz.seed} and {@code -Dfuzz.iterations} change the run.
 *
 * <p>Over 400 lines on purpose: its cases share the node (and processes) it starts once, and the
 * suite's time is node starts; split by concern, each part would start its own.
 */
class FuzzedInputTest extends RunningNodeTest {
  private static final String TOPIC = "fz";
  private static final String GROUP = "g";
  private static final String BASE = "/v1/topics/" + TOPIC;

  private final long seed = Long.getLong("fuzz.seed", 7341L);
  private final int iterations = Integer.getInteger("fuzz.iterations", 400);
  private final Random random = new Random(seed);
  private final FuzzText fuzz = new FuzzText(random);
  private final Set<String> topics = new TreeSet<>();
  private final Set<String> confirmed = new HashSet<>();
  private final Set<String> delivered = new HashSet<>();
  private int fresh;

  /**
   * Its own node: the fuzz creates and deletes topics and routes at random and checks the whole
   * topic list.
   */
  @Override
  boolean sharesNode() {
    return false;
  }

  @BeforeAll
  void createFuzzTopic() {
    createTopic(TOPIC, 2);
    assertThat(api.post(BASE + "/groups", Map.of("name", GROUP, "startFrom", "earliest")).status())
        .isEqualTo(201);
    assertThat(api.post("/v1/routes", Map.of("pattern", "fz.*", "topic", TOPIC)).status())
        .isEqualTo(201);
    topics.add(TOPIC);
  }

  @Test
  void everyAnswerIsA2xxThatDeliversOrAJson4xxThatStoresNothing() {
    List<Supplier<String>> endpoints =
        List.of(
            this::createTopic,
            this::createGroup,
            this::publishOne,
            this::publishBatch,
            this::publishThroughRouter,
            this::addRoute,
            this::removeRoute,
            this::pullAndAck,
            this::settleForeignReceipts,
            this::topicByName,
            this::deadLetters,
            this::invalidUtf8);
    for (int i = 0; i < iterations; i++) {
      endpoints.get(random.nextInt(endpoints.size())).get();
    }

    JsonNode listed = ok(api.get("/v1/topics"), "list topics").json().path("topics");
    Set<String> names = new TreeSet<>();
    listed.forEach(
        topic -> {
          if (!topic.path("name").asText().endsWith(".dlq")) {
            names.add(topic.path("name").asText());
          }
        });
    assertThat(names).as("topics after the fuzz (seed %d)", seed).isEqualTo(topics);
    ok(api.get("/v1/routes"), "list routes");

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              drain(100, 500);
              return delivered.containsAll(confirmed);
            });
    assertThat(delivered)
        .as("delivered message ids are exactly the confirmed ones (seed %d)", seed)
        .isEqualTo(confirmed);
    assertStillServing();
  }

  @Test
  void everyWebSocketFrameIsAnsweredAndTheStreamGoesOn() {
    createTopic("ws-fz", 1, "g");
    for (int i = 0; i < 20; i++) {
      String query = "credit=" + encode(fuzz.string()) + "&capacity=" + encode(fuzz.string());
      StreamClient refused =
          StreamClient.tryConnect(api, "/v1/topics/ws-fz/groups/g/stream?" + query);
      if (refused != null) {
        refused.close();
      }
    }
    StreamClient stream = StreamClient.connect(api, "/v1/topics/ws-fz/groups/g/stream");
    for (int i = 0; i < 3; i++) {
      assertThat(api.post("/v1/topics/ws-fz/messages", Map.of("payload", i)).status())
          .isEqualTo(200);
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> stream.deliveries().size() == 3);

    int frames = 150;
    for (int i = 0; i < frames; i++) {
      stream.send(frame());
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> stream.answers().size() == frames);
    assertThat(stream.answers())
        .as("seed %d", seed)
        .allSatisfy(
            answer -> {
              assertThat(answer.has("error") || answer.has("acked") || answer.has("nacked"))
                  .as(answer.toString())
                  .isTrue();
              assertThat(answer.path("acked").path("accepted")).as(answer.toString()).isEmpty();
              assertThat(answer.path("nacked").path("accepted")).as(answer.toString()).isEmpty();
            });
    assertThat(stream.closed())
        .as("the stream is still open after %d hostile frames", frames)
        .isFalse();

    List<String> receipts =
        stream.deliveries().stream().map(d -> d.path("receipt").asText()).toList();
    stream.send(
        "{\"ack\":[" + String.join(",", receipts.stream().map(FuzzText::quote).toList()) + "]}");
    await().atMost(Duration.ofSeconds(20)).until(() -> stream.answers().size() == frames + 1);
    assertThat(stream.answers().get(frames).path("acked").path("accepted")).hasSize(3);
    stream.close();
  }

  private String frame() {
    return switch (random.nextInt(6)) {
      case 0 -> "{\"ack\":[" + fuzz.stringOr("0-0-1-1-00000000") + "]}";
      case 1 ->
          "{\"nack\":["
              + fuzz.stringOr("0-1-1-1-00000000")
              + "],\"delayMs\":"
              + fuzz.numberish(10)
              + "}";
      case 2 -> FuzzText.quote(fuzz.string());
      case 3 -> fuzz.payload();
      case 4 -> "{\"ack\":" + fuzz.payload() + "}";
      default -> "{\"ack\":[],\"nack\":[" + fuzz.stringOr("x") + "]}";
    };
  }

  private void assertStillServing() {
    assertThat(api.get("/health/ready").status()).isEqualTo(200);
    createTopic("after-fuzz", Map.of(), "g");
    assertThat(api.post("/v1/topics/after-fuzz/messages", Map.of("payload", "still here")).status())
        .isEqualTo(200);
    JsonNode pulled =
        ok(
                api.post("/v1/topics/after-fuzz/groups/g/pull", Map.of("max", 1, "waitMs", 5000)),
                "pull after fuzz")
            .json()
            .path("deliveries");
    assertThat(pulled).hasSize(1);
    assertThat(pulled.get(0).path("message").path("payload").asText()).isEqualTo("still here");
  }

  private String createTopic() {
    String name = "t" + (++fresh);
    StringJoiner body = new StringJoiner(",", "{", "}");
    body.add("\"name\":" + fuzz.stringOr(name));
    optional(body, "partitions", () -> fuzz.numberish(1));
    optional(body, "durable", () -> random.nextBoolean() ? "true" : fuzz.stringOr("true"));
    optional(body, "maxAttempts", () -> fuzz.numberish(3));
    optional(body, "ackLeaseMs", () -> fuzz.numberish(30_000));
    optional(body, "backlogLimit", () -> fuzz.numberish(1000));
    optional(body, "retentionMs", () -> fuzz.numberish(0));
    optional(body, "idempotencyWindowMs", () -> fuzz.numberish(60_000));
    ApiClient.Answer answer =
        send(
            "POST /v1/topics " + body,
            () -> api.postRaw("/v1/topics", "application/json", body.toString()));
    if (answer.status() == 201) {
      topics.add(answer.json().path("name").asText());
    }
    return body.toString();
  }

  private String createGroup() {
    StringJoiner body = new StringJoiner(",", "{", "}");
    body.add("\"name\":" + fuzz.stringOr("g" + (++fresh)));
    optional(body, "balancing", () -> fuzz.stringOr("round-robin"));
    optional(body, "startFrom", () -> fuzz.stringOr("latest"));
    send(
        "POST groups " + body,
        () -> api.postRaw(BASE + "/groups", "application/json", body.toString()));
    return body.toString();
  }

  private String publishOne() {
    String message = message("fz.one");
    ApiClient.Answer answer =
        send(
            "publish " + message,
            () -> api.postRaw(BASE + "/messages", "application/json", message));
    if (answer.status() == 200) {
      record(answer.json());
    }
    return message;
  }

  private String publishBatch() {
    StringJoiner messages = new StringJoiner(",", "{\"messages\":[", "]}");
    int count = 1 + random.nextInt(3);
    for (int i = 0; i < count; i++) {
      messages.add(message("fz.batch"));
    }
    ApiClient.Answer answer =
        send(
            "batch " + messages,
            () -> api.postRaw(BASE + "/messages", "application/json", messages.toString()));
    if (answer.status() == 200) {
      answer.json().path("confirms").forEach(this::record);
    }
    return messages.toString();
  }

  private String publishThroughRouter() {
    String message = message("fz.routed");
    ApiClient.Answer answer =
        send("route " + message, () -> api.postRaw("/v1/publish", "application/json", message));
    if (answer.status() == 200) {
      answer.json().path("confirms").forEach(this::record);
    }
    return message;
  }

  private String addRoute() {
    String body =
        "{\"pattern\":"
            + fuzz.stringOr("fz.r" + (++fresh) + ".*")
            + ",\"topic\":"
            + fuzz.stringOr(TOPIC)
            + "}";
    send("add route " + body, () -> api.postRaw("/v1/routes", "application/json", body));
    return body;
  }

  private String removeRoute() {
    String query =
        "/v1/routes?pattern=" + encode(fuzz.string()) + "&topic=" + encode(fuzz.string());
    send("DELETE " + query, () -> api.delete(query));
    return query;
  }

  private String pullAndAck() {
    String body = "{\"max\":" + fuzz.numberish(5) + ",\"waitMs\":" + fuzz.numberish(0) + "}";
    ApiClient.Answer answer =
        send(
            "pull " + body,
            () -> api.postRaw(BASE + "/groups/" + GROUP + "/pull", "application/json", body));
    if (answer.status() == 200) {
      ackAll(answer.json().path("deliveries"));
    }
    return body;
  }

  private String settleForeignReceipts() {
    String kind = random.nextBoolean() ? "ack" : "nack";
    String body =
        "{\"receipts\":["
            + fuzz.stringOr("0-0-1")
            + ","
            + fuzz.stringOr("1-0-1")
            + "]"
            + (random.nextBoolean() ? ",\"delayMs\":" + fuzz.numberish(10) : "")
            + "}";
    ApiClient.Answer answer =
        send(
            kind + " " + body,
            () -> api.postRaw(BASE + "/groups/" + GROUP + "/" + kind, "application/json", body));
    if (answer.status() == 200) {
      // every delivery this test pulled is acked at once: nothing is open for a foreign receipt
      assertThat(answer.json().path("accepted"))
          .as("%s settled something (seed %d)", body, seed)
          .isEmpty();
    }
    return body;
  }

  private String topicByName() {
    String name = fuzz.string();
    String path = "/v1/topics/" + encode(name);
    if (random.nextInt(4) == 0) {
      ApiClient.Answer answer = send("DELETE " + path, () -> api.delete(path));
      if (answer.status() == 204) {
        topics.remove(name);
      }
    } else {
      send("GET " + path, () -> api.get(path));
    }
    return path;
  }

  private String deadLetters() {
    String path = BASE + "/dead-letters?limit=" + encode(fuzz.string());
    send("GET " + path, () -> api.get(path));
    return path;
  }

  private String invalidUtf8() {
    byte[] body =
        ("{\"key\":\"" + "\u00ff\u00fe" + "\",\"payload\":1}")
            .getBytes(StandardCharsets.ISO_8859_1);
    send(
        "invalid UTF-8 publish", () -> api.postBytes(BASE + "/messages", "application/json", body));
    return "invalid UTF-8";
  }

  private String message(String type) {
    StringJoiner fields = new StringJoiner(",", "{", "}");
    optional(fields, "id", () -> fuzz.stringOr("m-" + (++fresh)));
    optional(fields, "key", () -> fuzz.stringOr("user-" + random.nextInt(10)));
    fields.add("\"type\":" + fuzz.stringOr(type));
    optional(fields, "source", () -> fuzz.stringOr("fuzzer"));
    optional(fields, "target", () -> fuzz.stringOr("worker"));
    optional(fields, "idempotencyKey", () -> fuzz.stringOr("k-" + (++fresh)));
    optional(fields, "headers", () -> "{" + fuzz.stringOr("h") + ":" + fuzz.stringOr("v") + "}");
    if (random.nextInt(4) == 0) {
      fields.add("\"payloadBase64\":" + fuzz.stringOr("AQID"));
      optional(fields, "contentType", () -> fuzz.stringOr("application/octet-stream"));
    } else {
      fields.add("\"payload\":" + fuzz.payload());
      optional(fields, "contentType", () -> fuzz.stringOr("application/json"));
    }
    return fields.toString();
  }

  private void optional(StringJoiner body, String field, Supplier<String> value) {
    if (random.nextBoolean()) {
      body.add("\"" + field + "\":" + value.get());
    }
  }

  private void record(JsonNode confirm) {
    if (TOPIC.equals(confirm.path("topic").asText()) && !confirm.path("duplicate").asBoolean()) {
      confirmed.add(confirm.path("messageId").asText());
    }
  }

  private void drain(int max, long waitMs) {
    ApiClient.Answer answer =
        ok(
            api.post(BASE + "/groups/" + GROUP + "/pull", Map.of("max", max, "waitMs", waitMs)),
            "drain");
    ackAll(answer.json().path("deliveries"));
  }

  private void ackAll(JsonNode deliveries) {
    List<String> receipts = new ArrayList<>();
    deliveries.forEach(
        delivery -> {
          delivered.add(delivery.path("message").path("id").asText());
          receipts.add(delivery.path("receipt").asText());
        });
    if (!receipts.isEmpty()) {
      ApiClient.Answer acked =
          ok(api.post(BASE + "/groups/" + GROUP + "/ack", Map.of("receipts", receipts)), "ack");
      assertThat(acked.json().path("rejected")).as("acks of fresh receipts").isEmpty();
    }
  }

  /** Sends one request and checks the answer's shape: a 2xx, or a 4xx with a JSON error code. */
  private ApiClient.Answer send(String what, Supplier<ApiClient.Answer> request) {
    ApiClient.Answer answer = request.get();
    assertThat(answer.status())
        .as("%s -> %s (seed %d)", abbreviate(what), answer, seed)
        .isLessThan(500);
    if (answer.status() >= 400) {
      assertThat(answer.response().headers().firstValue("Content-Type"))
          .as("%s (seed %d)", abbreviate(what), seed)
          .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
      assertThat(answer.errorCode())
          .as("%s -> %s (seed %d)", abbreviate(what), answer, seed)
          .isNotEmpty();
    }
    return answer;
  }

  private ApiClient.Answer ok(ApiClient.Answer answer, String what) {
    assertThat(answer.status()).as("%s -> %s (seed %d)", what, answer, seed).isBetween(200, 299);
    return answer;
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String abbreviate(String text) {
    return text.length() <= 300
        ? text
        : text.substring(0, 300) + "...(" + text.length() + " chars)";
  }
}
