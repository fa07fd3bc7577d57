package io.switchboard.runtime.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.runtime.emulator.BackendEmulator;
import io.switchboard.runtime.emulator.EmulatorSettings;
import io.switchboard.runtime.node.NodeConfig;
import io.switchboard.runtime.node.NodeSettings;
import io.switchboard.runtime.node.SwitchboardNode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What changing a pool at run time does to what it holds: calls running or waiting on a pool that
 * is deleted end at once saying so (not at their deadline), and a definition that asks its existing
 * topic for other topic settings is refused naming them, while other keys change freely.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoolChangesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private BackendEmulator emulator;
  private SwitchboardNode node;
  private String api;
  private String backend;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    // 100 ms a token, one turn at a time: a call of 300 tokens runs for 30 s, the next waits
    emulator =
        BackendEmulator.start(
            EmulatorSettings.defaults("slow").withTiming(2e6, 0.01e6, 100e6).withMaxConcurrency(1),
            new InetSocketAddress("127.0.0.1", 0));
    backend = "http://127.0.0.1:" + emulator.port() + "/v1";
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
  void stop() {
    if (node != null) {
      node.stop().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
    }
    if (emulator != null) {
      emulator.close();
    }
  }

  @Test
  void callsRunningOrWaitingOnADeletedPoolEndAtOnceSayingSo() throws Exception {
    define(
        "doomed",
        "{\"backends\": [{\"url\": \""
            + backend
            + "\", \"model\": \"slow\", \"max-concurrency\": 1}]}");
    // a streaming call the backend is generating, and a whole one waiting behind it in the topic
    List<String> lines = new CopyOnWriteArrayList<>();
    HttpResponse<Stream<String>> streaming =
        http.send(chat("doomed", true), HttpResponse.BodyHandlers.ofLines());
    assertThat(streaming.statusCode()).isEqualTo(200);
    CompletableFuture<Void> read =
        CompletableFuture.runAsync(() -> streaming.body().forEach(lines::add));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> lines.stream().filter(line -> line.contains("\"content\"")).count() > 2);
    CompletableFuture<HttpResponse<String>> waiting =
        http.sendAsync(chat("doomed", false), HttpResponse.BodyHandlers.ofString());
    await().atMost(Duration.ofSeconds(30)).until(() -> queued() >= 2);

    long deleted = System.nanoTime();
    assertThat(send("DELETE", api + "/pools/doomed", null).statusCode()).isEqualTo(204);

    // both end long before their 10-minute deadline, each with the reason
    HttpResponse<String> whole = waiting.get(30, TimeUnit.SECONDS);
    read.get(30, TimeUnit.SECONDS);
    assertThat(Duration.ofNanos(System.nanoTime() - deleted)).isLessThan(Duration.ofSeconds(30));
    assertThat(whole.statusCode()).as(whole.body()).isEqualTo(404);
    JsonNode error = JSON.readTree(whole.body()).path("error");
    assertThat(error.path("code").asText()).isEqualTo("model_not_found");
    assertThat(error.path("message").asText())
        .contains("the pool of model 'doomed' was deleted while this call waited or ran");
    String last =
        lines.stream().filter(line -> line.startsWith("data: ")).reduce((x, y) -> y).get();
    assertThat(last).contains("\"code\":\"model_not_found\"").contains("was deleted");
    assertThat(lines).doesNotContain("data: [DONE]");
    // the backend stopped generating the streamed call
    await().atMost(Duration.ofSeconds(30)).until(() -> emulator.stats().running() == 0);
    assertThat(emulator.stats().completed()).isZero();
  }

  @Test
  void aDefinitionAskingItsTopicForOtherTopicSettingsIsRefusedNamingThem() throws Exception {
    define("fixed", "{\"backends\": [{\"url\": \"" + backend + "\"}], \"partitions\": 2}");
    // other keys change freely
    define(
        "fixed",
        "{\"backends\": [{\"url\": \""
            + backend
            + "\", \"max-concurrency\": 3}],"
            + " \"partitions\": 2, \"rate-limits\": {\"requests-per-minute\": 100}}");
    HttpResponse<String> refused =
        send(
            "PUT",
            api + "/pools/fixed",
            "{\"backends\": [{\"url\": \""
                + backend
                + "\"}], \"partitions\": 4, \"max-queued\": 10, \"balancing\": \"round-robin\"}");
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
    assertThat(refused.body())
        .contains("POOL_TOPIC_SETTINGS")
        .contains("partitions: the topic has 2, the pool asks 4")
        .contains("max-queued: the topic has 100000, the pool asks 10")
        .contains("balancing: the topic has consistent-hash, the pool asks round-robin")
        .contains("DELETE /v1/topics/gateway.fixed");
    // nothing changed
    JsonNode pool = JSON.readTree(send("GET", api + "/pools/fixed", null).body());
    assertThat(pool.at("/definition/partitions").asInt()).isEqualTo(2);
    assertThat(pool.at("/definition/backends/0/max-concurrency").asInt()).isEqualTo(3);
  }

  private void define(String model, String definition) throws Exception {
    HttpResponse<String> defined = send("PUT", api + "/pools/" + model, definition);
    assertThat(defined.statusCode()).as(defined.body()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                JSON.readTree(send("GET", api + "/pools/" + model, null).body())
                    .path("available")
                    .asBoolean());
  }

  /** Returns the calls the doomed pool's topic holds, waiting or in flight. */
  private long queued() throws Exception {
    JsonNode group =
        JSON.readTree(send("GET", api + "/topics/gateway.doomed", null).body())
            .at("/stats/groups/0");
    return group.path("backlog").asLong(0) + group.path("inFlight").asLong(0);
  }

  private HttpRequest chat(String model, boolean stream) {
    return HttpRequest.newBuilder(URI.create(api + "/chat/completions"))
        .header("Content-Type", "application/json")
        .header("x-switchboard-timeout-ms", "600000")
        .POST(
            HttpRequest.BodyPublishers.ofString(
                "{\"model\": \""
                    + model
                    + "\", \"max_tokens\": 300, \"stream\": "
                    + stream
                    + ", \"messages\": [{\"role\": \"user\", \"content\": \"go on\"}]}"))
        .build();
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
