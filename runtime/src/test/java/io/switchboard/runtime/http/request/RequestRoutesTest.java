package io.switchboard.runtime.http.request;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.Switchboard;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.request.Outcome;
import io.switchboard.request.RequestDelivery;
import io.switchboard.request.Usage;
import io.switchboard.runtime.node.NodeConfig;
import io.switchboard.runtime.node.NodeSettings;
import io.switchboard.runtime.node.SwitchboardNode;
import io.switchboard.testing.QuickStop;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests over HTTP against a real node: SSE, reattach by Last-Event-ID, the JSON form, cancel,
 * errors.
 *
 * <p>Over 400 lines on purpose: its cases share the node (and processes) it starts once, and the
 * suite's time is node starts; split by concern, each part would start its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class RequestRoutesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  // Long enough for a loaded machine to see a detach and reattach before it runs out: with 2 s,
  // at load 14-27 the grace sometimes ended (the request CANCELLED, so no longer "detached")
  // before the test's polling saw the detach at all.
  private static final java.time.Duration GRACE = java.time.Duration.ofSeconds(8);
  @TempDir static Path dir;
  private SwitchboardNode node;
  private Switchboard switchboard;
  private HttpClient http;

  @BeforeAll
  void start() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("test.conf"),
            QuickStop.CONFIG
                + "switchboard.requests.retention = 6s\n"
                + "switchboard.requests.reattach-grace = "
                + GRACE.toMillis()
                + "ms\nswitchboard.requests.poll-interval = 1s\n"
                + "switchboard.http.requests.sse-keepalive = 500ms\n");
    node =
        SwitchboardNode.start(
                NodeConfig.load(
                    new NodeSettings(
                        List.of("local"),
                        Optional.of(config),
                        Optional.of(0),
                        Optional.of(dir.resolve("data")),
                        List.of(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(0),
                        Optional.of(0))))
            .toCompletableFuture()
            .orTimeout(90, TimeUnit.SECONDS)
            .join();
    node.ready().toCompletableFuture().orTimeout(90, TimeUnit.SECONDS).join();
    switchboard = Switchboard.get(node.system());
    http = HttpClient.newHttpClient();
  }

  @AfterAll
  void stop() {
    node.stop().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
  }

  @Test
  void streamsTheAnswerAsServerSentEventsWithTheSeqAsId() throws Exception {
    worker(
        "sse",
        request ->
            request
                .reply("hel")
                .thenComposeAsync(d -> request.reply("lo"), executor())
                .thenComposeAsync(d -> request.complete("!"), executor()));
    try (EventStreamReader stream =
        EventStreamReader.open(
            EventStreamReader.post(
                uri("/v1/topics/sse/requests"),
                "{\"id\": \"r-1\", \"payload\": {\"prompt\": \"hi\"}}"))) {
      assertThat(stream.response.statusCode()).isEqualTo(200);
      assertThat(stream.response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
      List<EventStreamReader.Event> events = stream.rest();
      assertThat(events)
          .extracting(EventStreamReader.Event::type)
          .containsExactly("accepted", "chunk", "chunk", "final");
      assertThat(events)
          .extracting(EventStreamReader.Event::id)
          .containsExactly(null, "1", "2", "3");
      assertThat(json(events.get(0).data()).path("requestId").asText()).isEqualTo("r-1");
      assertThat(events.subList(1, 4))
          .extracting(e -> json(e.data()).path("text").asText())
          .containsExactly("hel", "lo", "!");
    }
  }

  @Test
  void aClientThatDropsTheStreamReattachesWithLastEventIdAndGetsTheRest() throws Exception {
    CompletableFuture<Done> goOn = new CompletableFuture<>();
    CompletableFuture<Done> secondStored = new CompletableFuture<>();
    worker(
        "drops",
        request ->
            request
                .reply("a")
                .thenComposeAsync(d -> goOn, executor())
                .thenComposeAsync(d -> request.reply("b"), executor())
                .whenCompleteAsync((d, f) -> secondStored.complete(Done.getInstance()), executor())
                .thenComposeAsync(d -> request.complete("c"), executor()));
    try (EventStreamReader stream =
        EventStreamReader.open(
            EventStreamReader.post(
                uri("/v1/topics/drops/requests"), "{\"id\": \"r-2\", \"payload\": \"go\"}"))) {
      assertThat(stream.next().type()).isEqualTo("accepted");
      assertThat(stream.next().id()).isEqualTo("1");
    } // the connection is gone: the request must keep running
    goOn.complete(Done.getInstance());
    secondStored.get(30, TimeUnit.SECONDS);
    try (EventStreamReader again =
        EventStreamReader.open(
            HttpRequest.newBuilder(uri("/v1/requests/r-2/replies")).header("Last-Event-ID", "1"))) {
      List<EventStreamReader.Event> rest = again.rest();
      assertThat(rest).extracting(EventStreamReader.Event::id).containsExactly("2", "3");
      assertThat(rest).extracting(EventStreamReader.Event::type).containsExactly("chunk", "final");
    }
  }

  @Test
  void aClientThatLeavesAndDoesNotReattachCancelsTheWorkAfterTheGrace() throws Exception {
    CompletableFuture<Outcome> stopped = new CompletableFuture<>();
    worker(
        "leaves",
        request -> {
          request.cancelled().thenAcceptAsync(stopped::complete, executor());
          return request.reply("first");
        });
    try (EventStreamReader stream =
        EventStreamReader.open(
            EventStreamReader.post(
                uri("/v1/topics/leaves/requests"), "{\"id\": \"r-leaves\", \"payload\": 1}"))) {
      assertThat(stream.next().type()).isEqualTo("accepted");
      assertThat(stream.next().id()).isEqualTo("1");
    }
    long left = System.nanoTime();
    assertThat(stopped.get(30, TimeUnit.SECONDS)).isEqualTo(Outcome.CANCELLED);
    assertThat(java.time.Duration.ofNanos(System.nanoTime() - left)).isGreaterThanOrEqualTo(GRACE);
    // A reattach after the grace learns why (the status is decided before a stream starts).
    HttpResponse<String> late =
        http.send(
            HttpRequest.newBuilder(uri("/v1/requests/r-leaves/replies"))
                .header("Last-Event-ID", "1")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(json(late.body()).path("error").path("code").asText())
        .as(late.body())
        .isEqualTo("CANCELLED");
    assertThat(json(late.body()).path("error").path("message").asText()).contains("reattach-grace");
  }

  @Test
  void aClientThatReattachesWithinTheGraceKeepsTheRequestRunning() throws Exception {
    CompletableFuture<Outcome> stopped = new CompletableFuture<>();
    CompletableFuture<Done> goOn = new CompletableFuture<>();
    worker(
        "returns",
        request -> {
          request.cancelled().thenAcceptAsync(stopped::complete, executor());
          return request
              .reply("a")
              .thenComposeAsync(d -> goOn, executor())
              .thenComposeAsync(d -> request.reply("b"), executor())
              .thenComposeAsync(d -> request.complete("c"), executor());
        });
    try (EventStreamReader stream =
        EventStreamReader.open(
            EventStreamReader.post(
                uri("/v1/topics/returns/requests"), "{\"id\": \"r-returns\", \"payload\": 1}"))) {
      stream.next();
      assertThat(stream.next().id()).isEqualTo("1");
    }
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .until(
            () ->
                stopped.isDone()
                    || ((io.switchboard.internal.request.Requests) switchboard.requestSide())
                        .describe("r-returns")
                        .toCompletableFuture()
                        .join()
                        .detached());
    assertThat(stopped).as("the grace ran out before the detach was seen").isNotDone();
    CompletableFuture<HttpResponse<java.io.InputStream>> again =
        http.sendAsync(
            HttpRequest.newBuilder(uri("/v1/requests/r-returns/replies"))
                .header("Last-Event-ID", "1")
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .until(
            () ->
                !((io.switchboard.internal.request.Requests) switchboard.requestSide())
                    .describe("r-returns")
                    .toCompletableFuture()
                    .join()
                    .detached());
    // Well past the grace, the request still runs: the reattach took it back.
    org.awaitility.Awaitility.await()
        .during(GRACE.plusSeconds(1))
        .atMost(GRACE.plusSeconds(10))
        .until(() -> !stopped.isDone());
    goOn.complete(Done.getInstance());
    String rest =
        new String(
            again.get(30, TimeUnit.SECONDS).body().readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);
    assertThat(rest)
        .contains("id: 2\nevent: chunk", "id: 3\nevent: final")
        .doesNotContain("id: 1\n");
    assertThat(stopped).isNotDone();
  }

  @Test
  void answersOneJsonDocumentWhenAskedNotToStream() throws Exception {
    worker(
        "whole",
        request -> request.reply("x").thenComposeAsync(d -> request.complete("y"), executor()));
    HttpResponse<String> answer =
        post("/v1/topics/whole/requests?stream=false", "{\"payload\": 1}", "Accept", "*/*");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    JsonNode chunks = json(answer.body()).path("chunks");
    assertThat(chunks)
        .extracting(
            c -> c.path("seq").asLong() + c.path("text").asText() + c.path("last").asBoolean())
        .containsExactly("1xfalse", "2ytrue");

    HttpResponse<String> preferred =
        post("/v1/topics/whole/requests", "{\"payload\": 2}", "Prefer", "wait");
    assertThat(json(preferred.body()).path("chunks")).hasSize(2);
  }

  @Test
  void takesTheCallersWindowAndAnswersTheWorkersTokenUsageWithTheFinalReply() throws Exception {
    worker(
        "usage",
        request ->
            request
                .reply("x")
                .thenComposeAsync(
                    d ->
                        request.complete(
                            "y".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                            io.switchboard.request.Usage.of(5, 2)),
                    executor()));
    HttpResponse<String> answer =
        post(
            "/v1/topics/usage/requests?stream=false&window=1", "{\"payload\": 1}", "Accept", "*/*");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    JsonNode chunks = json(answer.body()).path("chunks");
    assertThat(chunks.get(0).has("usage")).isFalse();
    assertThat(chunks.get(1).path("usage").path("promptTokens").asLong()).isEqualTo(5);
    assertThat(chunks.get(1).path("usage").path("completionTokens").asLong()).isEqualTo(2);
    assertError(
        post("/v1/topics/usage/requests?window=0", "{\"payload\": 1}", "Accept", "*/*"),
        400,
        "INVALID_ARGUMENT");
    assertError(
        post("/v1/topics/usage/requests?window=100000", "{\"payload\": 1}", "Accept", "*/*"),
        400,
        "INVALID_ARGUMENT");
  }

  @Test
  void aFailedRequestIsA502OrAnErrorEventBothWithTheWorkersUsage() throws Exception {
    worker("fails", request -> request.fail("no GPU free", Usage.of(9, 2)));
    HttpResponse<String> whole =
        post("/v1/topics/fails/requests?stream=false", "{\"payload\": 1}", "Accept", "*/*");
    assertThat(whole.statusCode()).isEqualTo(502);
    assertThat(json(whole.body()).path("error").path("code").asText()).isEqualTo("REQUEST_FAILED");
    assertThat(json(whole.body()).path("error").path("message").asText()).contains("no GPU free");
    assertThat(json(whole.body()).path("usage").path("promptTokens").asLong()).isEqualTo(9);
    assertThat(json(whole.body()).path("usage").path("completionTokens").asLong()).isEqualTo(2);
    try (EventStreamReader stream =
        EventStreamReader.open(
            EventStreamReader.post(uri("/v1/topics/fails/requests"), "{\"payload\": 2}"))) {
      List<EventStreamReader.Event> events = stream.rest();
      assertThat(events)
          .extracting(EventStreamReader.Event::type)
          .containsExactly("accepted", "error");
      assertThat(json(events.get(1).data()).path("error").path("code").asText())
          .isEqualTo("REQUEST_FAILED");
      assertThat(json(events.get(1).data()).path("usage").path("promptTokens").asLong())
          .isEqualTo(9);
      assertThat(json(events.get(1).data()).path("usage").path("completionTokens").asLong())
          .isEqualTo(2);
    }
  }

  @Test
  void deleteCancelsTheRequestAtItsWorker() throws Exception {
    CompletableFuture<Outcome> stopped = new CompletableFuture<>();
    worker(
        "cancel",
        request -> {
          request.cancelled().thenAcceptAsync(stopped::complete, executor());
          return request.reply("first");
        });
    try (EventStreamReader stream =
        EventStreamReader.open(
            EventStreamReader.post(
                uri("/v1/topics/cancel/requests"), "{\"id\": \"r-5\", \"payload\": 1}"))) {
      stream.next();
      assertThat(stream.next().id()).isEqualTo("1");
      HttpResponse<String> cancelled =
          http.send(
              HttpRequest.newBuilder(uri("/v1/requests/r-5")).DELETE().build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(cancelled.statusCode()).isEqualTo(202);
      assertThat(stopped.get(30, TimeUnit.SECONDS)).isEqualTo(Outcome.CANCELLED);
      EventStreamReader.Event last = stream.next();
      assertThat(last.type()).isEqualTo("error");
      assertThat(json(last.data()).path("error").path("code").asText()).isEqualTo("CANCELLED");
    }
  }

  @Test
  void theNodesMetricsCountRequestsByOutcomeAndTimeTheirChunks() throws Exception {
    worker(
        "metered",
        request ->
            request
                .reply("ab")
                .thenComposeAsync(d -> request.reply("cde"), executor())
                .thenComposeAsync(d -> request.complete("f"), executor()));
    String completed = "switchboard_requests_outcomes_total{outcome=\"completed\"}";
    String chunks = "switchboard_requests_relayed_chunks_total";
    String bytes = "switchboard_requests_relayed_bytes_total";
    String firstChunk = "switchboard_requests_first_chunk_seconds_count";
    String gaps = "switchboard_requests_chunk_gap_seconds_count";
    String queueWait =
        "switchboard_requests_queue_wait_seconds_count{priority=\"default\",tenant=\"default\"}";
    String before = scrape();
    assertThat(
            post("/v1/topics/metered/requests?stream=false", "{\"payload\": 1}", "Accept", "*/*")
                .statusCode())
        .isEqualTo(200);
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              String after = scrape();
              assertThat(sample(after, completed) - sample(before, completed)).isEqualTo(1);
              assertThat(sample(after, chunks) - sample(before, chunks)).isEqualTo(3);
              assertThat(sample(after, bytes) - sample(before, bytes)).isEqualTo(6);
              assertThat(sample(after, firstChunk) - sample(before, firstChunk)).isEqualTo(1);
              assertThat(sample(after, gaps) - sample(before, gaps)).isEqualTo(1);
              assertThat(sample(after, queueWait) - sample(before, queueWait)).isEqualTo(1);
            });
  }

  private String scrape() throws Exception {
    return http.send(
            HttpRequest.newBuilder(uri("/metrics")).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** Returns the value of the sample named {@code series} (name and labels), 0 when absent. */
  private static double sample(String exposition, String series) {
    return exposition
        .lines()
        .filter(line -> line.startsWith(series + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
        .findFirst()
        .orElse(0);
  }

  @Test
  void refusalsAreJsonErrorsWithStableCodes() throws Exception {
    assertError(
        http.send(
            HttpRequest.newBuilder(uri("/v1/requests/never-sent/replies")).build(),
            HttpResponse.BodyHandlers.ofString()),
        404,
        "UNKNOWN_REQUEST");
    assertError(
        post("/v1/topics/no-such-topic/requests", "{\"payload\": 1}", "Accept", "*/*"),
        404,
        "UNKNOWN_TOPIC");
    assertError(
        http.send(
            HttpRequest.newBuilder(uri("/v1/requests/x/replies?cursor=-1")).build(),
            HttpResponse.BodyHandlers.ofString()),
        400,
        "INVALID_ARGUMENT");

    worker("expires", request -> request.complete("done"));
    assertThat(
            post(
                    "/v1/topics/expires/requests?stream=false",
                    "{\"id\": \"r-6\", \"payload\": 1}",
                    "Accept",
                    "*/*")
                .statusCode())
        .isEqualTo(200);
    // retention is 6 s on this node (room for the guide's reattach right after its request)
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertError(
                    http.send(
                        HttpRequest.newBuilder(uri("/v1/requests/r-6/replies")).build(),
                        HttpResponse.BodyHandlers.ofString()),
                    410,
                    "EXPIRED"));
  }

  @Test
  void theCurlCommandsOfTheGuideRunAsWritten() throws Exception {
    String guide = Files.readString(Path.of("..", "docs", "requests.md"));
    List<String> commands = guide.lines().filter(line -> line.startsWith("curl ")).toList();
    assertThat(commands).hasSize(4);
    worker(
        "chat",
        "gpu-workers",
        request ->
            request.reply("token-1").thenComposeAsync(d -> request.complete("done"), executor()));
    assertThat(bash(commands.get(0)))
        .contains(
            "event: accepted",
            "data: {\"requestId\":\"req-1\"}",
            "id: 1\nevent: chunk",
            "\"text\":\"token-1\"",
            "id: 2\nevent: final",
            "\"text\":\"done\"");
    assertThat(bash(commands.get(1))).contains("id: 2\nevent: final").doesNotContain("id: 1");
    assertThat(bash(commands.get(2))).isEqualTo("{\"requestId\":\"req-1\"}");
    assertThat(json(bash(commands.get(3))).path("chunks")).hasSize(2);
  }

  private String bash(String command) throws Exception {
    Process process =
        new ProcessBuilder(
                "bash",
                "-c",
                command.replace("localhost:8080", "127.0.0.1:" + node.httpAddress().getPort()))
            .redirectErrorStream(true)
            .start();
    String output =
        new String(
            process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return output.trim();
  }

  private void worker(String topic, Function<RequestDelivery, CompletionStage<Done>> answer) {
    worker(topic, "workers", answer);
  }

  private void worker(
      String topic, String group, Function<RequestDelivery, CompletionStage<Done>> answer) {
    switchboard.createTopic(TopicConfig.of(topic).withPartitions(1)).toCompletableFuture().join();
    switchboard.createGroup(topic, group, GroupConfig.DEFAULT).toCompletableFuture().join();
    switchboard
        .requests(topic, group, ConsumerSettings.defaults())
        .mapAsync(4, answer::apply)
        .runWith(Sink.ignore(), node.system());
  }

  private java.util.concurrent.Executor executor() {
    return node.system().executionContext();
  }

  private HttpResponse<String> post(String path, String body, String header, String value)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .header(header, value)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void assertError(HttpResponse<String> answer, int status, String code)
      throws Exception {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
    assertThat(JSON.readTree(answer.body()).path("error").path("code").asText()).isEqualTo(code);
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + node.httpAddress().getPort() + path);
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalStateException(text, e);
    }
  }
}
