package io.switchboard.runtime.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The emulator on the wire: SSE framing, faults as a client sees them, errors, the concurrency
 * limit.
 */
class BackendEmulatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CHAT =
      "{\"model\":\"m\",\"seed\":1,\"max_tokens\":%d,\"stream\":%s,"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}";
  private static final String WITH_USAGE = "\"stream_options\":{\"include_usage\":true}";
  private static final String STREAM = "true," + WITH_USAGE;
  private BackendEmulator emulator;

  private int start(EmulatorSettings settings) throws Exception {
    emulator = BackendEmulator.start(settings, new InetSocketAddress("127.0.0.1", 0));
    return emulator.port();
  }

  private int start() throws Exception {
    return start(EmulatorSettings.defaults("m").withTiming(1e6, 0, 0.5e6));
  }

  @AfterEach
  void stop() {
    if (emulator != null) {
      emulator.close();
    }
  }

  private static List<String> events(String body) {
    assertThat(body).startsWith("data: ").endsWith("\n\n");
    List<String> events = new ArrayList<>();
    for (String event : body.substring(0, body.length() - 2).split("\n\n")) {
      assertThat(event).startsWith("data: ").doesNotContain("\n");
      events.add(event.substring(6));
    }
    return events;
  }

  @Test
  void framesAStreamAsVllmDoes() throws Exception {
    Wire.Answer answer = Wire.post(start(), "/v1/chat/completions", CHAT.formatted(5, STREAM), "");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.headers()).contains("content-type: text/event-stream; charset=utf-8");
    assertThat(answer.complete()).isTrue();
    List<String> events = events(answer.body());
    assertThat(events).hasSize(1 + 5 + 1 + 1).last().isEqualTo("[DONE]");
    JsonNode first = JSON.readTree(events.get(0));
    assertThat(first.get("object").asText()).isEqualTo("chat.completion.chunk");
    assertThat(first.at("/choices/0/delta").toString())
        .isEqualTo("{\"role\":\"assistant\",\"content\":\"\"}");
    assertThat(first.at("/choices/0/finish_reason").isNull()).isTrue();
    JsonNode last = JSON.readTree(events.get(5));
    assertThat(last.at("/choices/0/finish_reason").asText()).isEqualTo("length");
    JsonNode usage = JSON.readTree(events.get(6));
    assertThat(usage.get("choices")).isEmpty();
    assertThat(usage.has("system_fingerprint")).isFalse();
    assertThat(usage.get("usage").toString())
        .isEqualTo("{\"prompt_tokens\":4,\"total_tokens\":9,\"completion_tokens\":5}");
    for (String event : events.subList(0, 7)) {
      assertThat(JSON.readTree(event).get("id").asText()).isEqualTo(first.get("id").asText());
    }
  }

  @Test
  void pacesTokensByTheServiceModelOnTheClockItIsGiven() throws Exception {
    List<Long> deadlines = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
    EmulatorClock recording =
        new EmulatorClock() {
          @Override
          public long nanoTime() {
            return now.get();
          }

          @Override
          public long epochSeconds() {
            return 1_800_000_000L;
          }

          @Override
          public void awaitNanos(long deadline) {
            deadlines.add(deadline);
            now.accumulateAndGet(deadline, Math::max);
          }
        };
    EmulatorSettings settings = EmulatorSettings.defaults("m").withTiming(30e6, 1e6, 7e6);
    emulator = BackendEmulator.start(settings, new InetSocketAddress("127.0.0.1", 0), recording);
    Wire.Answer answer =
        Wire.post(emulator.port(), "/v1/chat/completions", CHAT.formatted(4, STREAM), "");
    assertThat(answer.headers()).contains("x-emulator-time-to-first-token-ms: 34.000");
    assertThat(JSON.readTree(events(answer.body()).get(0)).get("created").asLong())
        .isEqualTo(1_800_000_000L);
    // 4 prompt tokens (<|user|> hello there <|assistant|>), then one token every 7 ms
    assertThat(deadlines).containsExactly(34_000_000L, 41_000_000L, 48_000_000L, 55_000_000L);
  }

  @Test
  void dropsTheConnectionMidStreamLikeACrashedServer() throws Exception {
    Wire.Answer answer =
        Wire.post(
            start(),
            "/v1/chat/completions",
            CHAT.formatted(20, STREAM),
            "x-emulator-fault: die-after=3\r\n");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.complete()).as("the chunked body ends with no last chunk").isFalse();
    List<String> events = events(answer.body());
    assertThat(events).hasSize(1 + 3).doesNotContain("[DONE]");
    assertThat(emulator.stats().dropped()).isEqualTo(1);
    JsonNode stats = JSON.readTree(Wire.get(emulator.port(), "/emulator/stats").body());
    assertThat(stats.get("dropped").asInt()).isEqualTo(1);
    assertThat(stats.get("completed").asInt()).isZero();
    assertThat(stats.get("generations").asInt()).isEqualTo(1);
  }

  @Test
  void closesTheConnectionWithNoAnswerWhenAWholeAnswerDies() throws Exception {
    Wire.Answer answer =
        Wire.post(
            start(),
            "/v1/chat/completions",
            CHAT.formatted(20, "false"),
            "x-emulator-fault: die-after=2\r\n");
    assertThat(answer.status()).isZero();
    assertThat(emulator.stats().dropped()).isEqualTo(1);
  }

  @Test
  void stallsThenDrops() throws Exception {
    EmulatorSettings settings = EmulatorSettings.defaults("m").withTiming(1e6, 0, 0.5e6);
    settings =
        new EmulatorSettings(
            "m",
            4096,
            settings.timing(),
            16,
            64,
            0,
            16,
            256,
            false,
            256,
            384,
            Fault.parse("stall-after=2"),
            Duration.ofMillis(200));
    Wire.Answer answer =
        Wire.post(start(settings), "/v1/chat/completions", CHAT.formatted(20, STREAM), "");
    assertThat(answer.complete()).isFalse();
    assertThat(events(answer.body())).hasSize(1 + 2);
  }

  @Test
  void answersAnErrorStatusOnDemand() throws Exception {
    Wire.Answer answer =
        Wire.post(
            start(), "/v1/completions", "{\"prompt\":\"x\"}", "x-emulator-fault: status=502\r\n");
    assertThat(answer.status()).isEqualTo(502);
    assertThat(JSON.readTree(answer.body()).at("/error/code").asInt()).isEqualTo(502);
  }

  @Test
  void refusesBadRequestsInVllmsErrorShape() throws Exception {
    int port = start();
    Wire.Answer missing = Wire.post(port, "/v1/chat/completions", "{\"model\":\"m\"}", "");
    assertThat(missing.status()).isEqualTo(400);
    JsonNode error = JSON.readTree(missing.body()).get("error");
    assertThat(error.get("type").asText()).isEqualTo("BadRequestError");
    assertThat(error.get("param").asText()).isEqualTo("messages");
    assertThat(error.get("code").asInt()).isEqualTo(400);
    assertThat(Wire.post(port, "/v1/chat/completions", "{not json", "").status()).isEqualTo(400);
    Wire.Answer badFault =
        Wire.post(
            port,
            "/v1/chat/completions",
            CHAT.formatted(2, false),
            "x-emulator-fault: explode\r\n");
    assertThat(badFault.status()).isEqualTo(400);
    assertThat(badFault.body()).contains("die-after=N");
    Wire.Answer optionsWithoutStream =
        Wire.post(port, "/v1/chat/completions", CHAT.formatted(2, "false," + WITH_USAGE), "");
    assertThat(optionsWithoutStream.status()).isEqualTo(400);
    assertThat(optionsWithoutStream.body()).contains("stream_options");
    Wire.Answer tooLong = Wire.post(port, "/v1/chat/completions", CHAT.formatted(5000, false), "");
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.body()).contains("maximum context length is 4096 tokens");
    Wire.Answer unknownModel =
        Wire.post(port, "/v1/embeddings", "{\"model\":\"other\",\"input\":\"x\"}", "");
    assertThat(unknownModel.status()).isEqualTo(404);
    assertThat(JSON.readTree(unknownModel.body()).at("/error/type").asText())
        .isEqualTo("NotFoundError");
    Wire.Answer noRoute = Wire.get(port, "/v2/nothing");
    assertThat(noRoute.status()).isEqualTo(404);
    assertThat(noRoute.body()).isEqualTo("{\"detail\":\"Not Found\"}");
    assertThat(Wire.get(port, "/health").status()).isEqualTo(200);
  }

  @Test
  void queuesTurnsBeyondTheConcurrencyLimit() throws Exception {
    int port = start(EmulatorSettings.defaults("m").withTiming(1e6, 0, 1e6).withMaxConcurrency(2));
    HttpClient client = HttpClient.newHttpClient();
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
              .POST(HttpRequest.BodyPublishers.ofString(CHAT.formatted(20, false)))
              .build();
      answers.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
    }
    for (CompletableFuture<HttpResponse<String>> answer : answers) {
      assertThat(answer.get().statusCode()).isEqualTo(200);
    }
    // a turn is counted once its last byte is written, which the client may read first
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(emulator.stats().completed()).isEqualTo(6));
    assertThat(emulator.stats().mostRunning()).isBetween(1, 2);
  }
}
