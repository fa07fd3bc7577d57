package io.switchboard.runtime.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.runtime.node.NodeConfig;
import io.switchboard.runtime.node.NodeSettings;
import io.switchboard.runtime.node.SwitchboardNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A streamed call with {@code n} = 2 whose backend crashes mid-stream continues on the pool's other
 * backend, and the caller sees each choice once, whole, in order: one role event and one finish per
 * choice, no word twice or missing, usage counted over both backends. With {@code assistant-prefix}
 * each choice is continued by a call of its own; with {@code regenerate} the call is sent again and
 * what the caller has of each choice is dropped. The backends are {@link ChoicesBackend}s, which
 * stream {@code n} choices as vLLM does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayChoicesFailoverTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_TOKENS = 8;

  /** Token events the crashing backend sends first: three words of each choice. */
  private static final int BEFORE_CRASH = 6;

  private static final String USER = "write two short answers please";

  private final HttpClient http = HttpClient.newHttpClient();
  private SwitchboardNode node;
  private String api;

  @BeforeAll
  void startNode(@TempDir Path dir) {
    NodeSettings settings =
        new NodeSettings(
            List.of("local"),
            Optional.empty(),
            Optional.of(0),
            Optional.of(dir.resolve("data")),
            List.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(0),
            Optional.of(0));
    node =
        SwitchboardNode.start(NodeConfig.load(settings))
            .toCompletableFuture()
            .orTimeout(90, TimeUnit.SECONDS)
            .join();
    node.ready().toCompletableFuture().orTimeout(90, TimeUnit.SECONDS).join();
    api = "http://127.0.0.1:" + node.httpAddress().getPort() + "/v1";
  }

  @AfterAll
  void stopNode() {
    if (node != null) {
      node.stop().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
    }
  }

  @Test
  void eachChoiceContinuesFromItsOwnTextWithAnAssistantPrefix() throws Exception {
    List<JsonNode> continuations = callAcrossACrash("n2-prefix", "assistant-prefix");
    assertThat(continuations).as("one continuation call per choice, n = 1 each").hasSize(2);
    assertThat(continuations)
        .allSatisfy(
            call -> {
              assertThat(call.path("n").asInt()).isEqualTo(1);
              assertThat(call.path("continue_final_message").asBoolean()).isTrue();
              assertThat(call.path("max_tokens").asInt()).isEqualTo(MAX_TOKENS - 3);
            });
    assertThat(continuations)
        .extracting(call -> call.at("/messages/1/content").asText())
        .containsExactly(words(0, 3), words(1, 3));
  }

  @Test
  void regeneratingDropsWhatTheCallerHasOfEachChoice() throws Exception {
    List<JsonNode> again = callAcrossACrash("n2-regen", "regenerate");
    assertThat(again).as("the call sent again whole").hasSize(1);
    assertThat(again.get(0).path("n").asInt()).isEqualTo(2);
    assertThat(again.get(0).has("continue_final_message")).isFalse();
  }

  /**
   * Defines a pool of two backends, streams one call with n = 2 whose first backend crashes after
   * {@link #BEFORE_CRASH} token events (once the caller has read them), checks what the caller
   * read, and returns the calls the backends answered after the crashed one.
   */
  private List<JsonNode> callAcrossACrash(String model, String continuation) throws Exception {
    AtomicInteger dieAfter = new AtomicInteger(-1);
    CountDownLatch crash = new CountDownLatch(1);
    List<JsonNode> answered = new CopyOnWriteArrayList<>();
    try (ChoicesBackend a = new ChoicesBackend(dieAfter, crash, answered);
        ChoicesBackend b = new ChoicesBackend(dieAfter, crash, answered)) {
      String backend = "{\"url\": \"%s\", \"continuation\": \"" + continuation + "\"}";
      HttpResponse<String> defined =
          send(
              "PUT",
              api + "/pools/" + model,
              "{\"retry-backoff\": \"200ms\", \"backends\": ["
                  + backend.formatted(a.url())
                  + ", "
                  + backend.formatted(b.url())
                  + "]}");
      assertThat(defined.statusCode()).as(defined.body()).isEqualTo(200);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  JSON.readTree(send("GET", api + "/pools/" + model, null).body())
                      .path("available")
                      .asBoolean());

      dieAfter.set(BEFORE_CRASH);
      List<String> lines = new CopyOnWriteArrayList<>();
      HttpResponse<Stream<String>> response =
          http.send(
              HttpRequest.newBuilder(URI.create(api + "/chat/completions"))
                  .header("Content-Type", "application/json")
                  .header("x-switchboard-timeout-ms", "120000")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"model\": \""
                              + model
                              + "\", \"n\": 2, \"max_tokens\": "
                              + MAX_TOKENS
                              + ", \"stream\": true, \"stream_options\": {\"include_usage\": true},"
                              + " \"messages\": [{\"role\": \"user\", \"content\": \""
                              + USER
                              + "\"}]}"))
                  .build(),
              HttpResponse.BodyHandlers.ofLines());
      assertThat(response.statusCode()).isEqualTo(200);
      CompletableFuture<Void> read =
          CompletableFuture.runAsync(() -> response.body().forEach(lines::add));
      // the caller has read both role events and every word sent before the crash: all stored
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  contents(lines).values().stream().mapToInt(List::size).sum() >= 2 + BEFORE_CRASH);
      crash.countDown();
      read.get(90, TimeUnit.SECONDS);

      assertThat(lines).as("the stream ends with [DONE]").contains("data: [DONE]");
      assertThat(lines).noneMatch(line -> line.contains("\"error\""));
      Map<Integer, List<JsonNode>> byChoice = contents(lines);
      assertThat(byChoice).containsOnlyKeys(0, 1);
      for (int choice = 0; choice < 2; choice++) {
        List<JsonNode> events = byChoice.get(choice);
        String text =
            events.stream()
                .map(event -> event.path("delta").path("content").asText(""))
                .collect(Collectors.joining());
        assertThat(text)
            .as("choice %d, each word once and in order", choice)
            .isEqualTo(words(choice, MAX_TOKENS));
        assertThat(events.stream().filter(event -> event.path("delta").has("role")))
            .as("role events of choice %d", choice)
            .hasSize(1);
        assertThat(events.stream().filter(event -> event.hasNonNull("finish_reason")))
            .as("finishes of choice %d", choice)
            .hasSize(1);
      }
      JsonNode usage = usage(lines);
      assertThat(usage.path("prompt_tokens").asInt())
          .as("the prompt as the caller sent it")
          .isEqualTo(2 + USER.split(" ").length);
      assertThat(usage.path("completion_tokens").asInt()).isEqualTo(2 * MAX_TOKENS);

      return List.copyOf(answered); // the calls after the crashed one
    }
  }

  /** Returns the choices of every chunk the caller read, by index, in the order read. */
  private static Map<Integer, List<JsonNode>> contents(List<String> lines) throws Exception {
    Map<Integer, List<JsonNode>> byChoice = new TreeMap<>();
    for (String line : lines) {
      if (!line.startsWith("data: {")) {
        continue;
      }
      for (JsonNode choice : JSON.readTree(line.substring(6)).path("choices")) {
        byChoice.computeIfAbsent(choice.path("index").asInt(), i -> new ArrayList<>()).add(choice);
      }
    }
    return byChoice;
  }

  private static JsonNode usage(List<String> lines) throws Exception {
    for (String line : lines) {
      if (line.startsWith("data: {")) {
        JsonNode event = JSON.readTree(line.substring(6));
        if (event.path("usage").isObject()) {
          return event.get("usage");
        }
      }
    }
    throw new AssertionError("no usage event in " + lines);
  }

  /** Returns the first {@code count} words of choice {@code choice} as the backends write them. */
  private static String words(int choice, int count) {
    return IntStream.range(0, count)
        .mapToObj(word -> (word == 0 ? "" : " ") + "c" + choice + "w" + word)
        .collect(Collectors.joining());
  }

  private HttpResponse<String> send(String method, String url, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
