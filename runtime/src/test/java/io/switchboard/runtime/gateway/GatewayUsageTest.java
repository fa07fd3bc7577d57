package io.switchboard.runtime.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.Switchboard;
import io.switchboard.consumer.ConsumerControl;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.request.RequestDelivery;
import io.switchboard.request.Usage;
import io.switchboard.runtime.emulator.BackendEmulator;
import io.switchboard.runtime.emulator.EmulatorSettings;
import io.switchboard.runtime.emulator.NodeScripts;
import io.switchboard.runtime.node.NodeConfig;
import io.switchboard.runtime.node.NodeSettings;
import io.switchboard.runtime.node.SwitchboardNode;
import io.switchboard.testing.QuickStop;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.pekko.Done;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Usage reaches the official openai client as the worker reported it: from a Java worker of an
 * external-workers pool that reports its tokens with {@code complete(last, Usage)} only (the final
 * usage chunk and a whole answer's usage are made of them), and from an emulated backend, whose
 * usage the node also counts in {@code switchboard_requests_tokens_total}.
 */
class GatewayUsageTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WORKER_MODEL = "java-llama";
  private static final String BACKEND_MODEL = "emulated-llama";

  @Test
  void usageReachesTheClientAsTheWorkerOrBackendReportedIt(@TempDir Path dir) throws Exception {
    NodeScripts.install();
    try (BackendEmulator emulator =
        BackendEmulator.start(
            EmulatorSettings.defaults(BACKEND_MODEL).withTiming(1e6, 0.01e6, 1e6),
            new InetSocketAddress("127.0.0.1", 0))) {
      Path config =
          Files.writeString(
              dir.resolve("gateway.conf"),
              QuickStop.CONFIG
                  + """
              switchboard.gateway.pools {
                "%s" { external-workers = on }
                "%s" { backends = [{ url = "http://127.0.0.1:%d/v1" }] }
              }
              """
                      .formatted(WORKER_MODEL, BACKEND_MODEL, emulator.port()));
      SwitchboardNode node =
          SwitchboardNode.start(NodeConfig.load(settings(config, dir)))
              .toCompletableFuture()
              .orTimeout(90, TimeUnit.SECONDS)
              .join();
      ConsumerControl worker = null;
      try {
        node.ready().toCompletableFuture().orTimeout(90, TimeUnit.SECONDS).join();
        String base = "http://127.0.0.1:" + node.httpAddress().getPort();
        awaitTopic(base, "gateway." + WORKER_MODEL);
        awaitTopic(base, "gateway." + BACKEND_MODEL);
        Switchboard switchboard = Switchboard.get(node.system());
        worker =
            switchboard
                .requests(
                    "gateway." + WORKER_MODEL,
                    "gateway-connectors",
                    new ConsumerSettings("java-worker", 8, 1))
                .mapAsyncUnordered(
                    8, delivery -> answer(delivery, node.system().executionContext()))
                .to(Sink.ignore())
                .run(Materializer.matFromSystem(node.system()));
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    post(base, "{\"model\":\"" + BACKEND_MODEL + "\",\"input\":\"warm\"}") == 200);
        // the warm-up call is counted once its request ends: read the counters after that
        await().atMost(Duration.ofSeconds(10)).until(() -> metric(base, "prompt") > 0);
        double promptBefore = metric(base, "prompt");
        double completionBefore = metric(base, "completion");

        JsonNode seen =
            NodeScripts.json("usage-client.mjs", base + "/v1", WORKER_MODEL, BACKEND_MODEL);
        System.out.println(seen);

        JsonNode fromWorker = seen.get("worker");
        JsonNode streamed = fromWorker.get("streamed");
        assertThat(streamed.get("text").asText()).isEqualTo("Hi there");
        assertThat(streamed.get("usageChunks")).hasSize(1);
        JsonNode usageChunk = streamed.at("/usageChunks/0");
        assertThat(usageChunk.get("choices")).isEmpty();
        assertThat(usageChunk.get("object").asText()).isEqualTo("chat.completion.chunk");
        assertThat(usageChunk.get("model").asText()).isEqualTo(WORKER_MODEL);
        assertThat(streamed.get("ids")).hasSize(1); // the usage chunk has the answer's id
        assertThat(usageChunk.get("usage"))
            .isEqualTo(
                JSON.readTree("{\"prompt_tokens\":7,\"completion_tokens\":3,\"total_tokens\":10}"));
        assertThat(fromWorker.at("/withoutUsage/usageChunks")).isEmpty();
        assertThat(fromWorker.at("/whole/usage")).isEqualTo(usageChunk.get("usage"));
        assertThat(fromWorker.at("/whole/id").asText()).startsWith("chatcmpl-");
        assertThat(fromWorker.get("completion")).isEqualTo(usageChunk.get("usage"));
        assertThat(fromWorker.get("embeddings"))
            .isEqualTo(JSON.readTree("{\"prompt_tokens\":5,\"total_tokens\":5}"));

        JsonNode fromBackend = seen.get("backend");
        JsonNode backendUsage = fromBackend.at("/streamed/usageChunks/0/usage");
        assertThat(backendUsage.get("completion_tokens").asInt()).isEqualTo(6);
        assertThat(fromBackend.at("/whole/usage")).isEqualTo(backendUsage);
        // what the backend reported is counted by the node: 2 chats streamed, 1 whole, 1 completion
        // and the embeddings
        long prompt =
            3 * backendUsage.get("prompt_tokens").asLong()
                + fromBackend.at("/completion/prompt_tokens").asLong()
                + fromBackend.at("/embeddings/prompt_tokens").asLong();
        long completion =
            3 * backendUsage.get("completion_tokens").asLong()
                + fromBackend.at("/completion/completion_tokens").asLong();
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () -> {
                  assertThat(metric(base, "prompt") - promptBefore).isEqualTo(prompt);
                  assertThat(metric(base, "completion") - completionBefore).isEqualTo(completion);
                });
      } finally {
        if (worker != null) {
          worker.stop().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
        }
        node.stop().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
      }
    }
  }

  /**
   * A worker that streams "Hi there" and ends with an empty final reply and its tokens reported
   * beside it; embeddings end with an answer that carries no usage of its own.
   */
  private static CompletionStage<Done> answer(RequestDelivery delivery, Executor executor) {
    String id = "chatcmpl-" + delivery.requestId();
    switch (delivery.message().type()) {
      case "openai.embeddings":
        return delivery.complete(
            bytes(
                "{\"object\":\"list\",\"model\":\"%s\",\"data\":[{\"index\":0,\"object\":\"embedding\",\"embedding\":[1.0]},{\"index\":1,\"object\":\"embedding\",\"embedding\":[2.0]}]}"
                    .formatted(WORKER_MODEL)),
            Usage.of(5, 0));
      case "openai.completions":
        return delivery
            .reply(
                bytes(
                    "{\"id\":\"cmpl-%s\",\"object\":\"text_completion\",\"model\":\"%s\",\"choices\":[{\"index\":0,\"text\":\"Hi there\",\"finish_reason\":\"stop\"}]}"
                        .formatted(delivery.requestId(), WORKER_MODEL)))
            .thenComposeAsync(done -> delivery.complete(new byte[0], Usage.of(7, 3)), executor);
      default:
        ObjectNode first = chunk(id, "{\"role\":\"assistant\",\"content\":\"Hi\"}", null);
        ObjectNode second = chunk(id, "{\"content\":\" there\"}", "stop");
        return delivery
            .reply(bytes(first.toString()))
            .thenComposeAsync(done -> delivery.reply(bytes(second.toString())), executor)
            .thenComposeAsync(done -> delivery.complete(new byte[0], Usage.of(7, 3)), executor);
    }
  }

  private static ObjectNode chunk(String id, String delta, String finish) {
    ObjectNode chunk =
        JSON.createObjectNode()
            .put("id", id)
            .put("object", "chat.completion.chunk")
            .put("created", 1)
            .put("model", WORKER_MODEL);
    ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
    try {
      choice.set("delta", JSON.readTree(delta));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    choice.put("finish_reason", finish);
    return chunk;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static NodeSettings settings(Path config, Path dir) {
    return new NodeSettings(
        List.of("local"),
        Optional.of(config),
        Optional.of(0),
        Optional.of(dir.resolve("data")),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.of(0),
        Optional.of(0));
  }

  private static void awaitTopic(String base, String topic) {
    HttpClient http = HttpClient.newHttpClient();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                http.send(
                            HttpRequest.newBuilder(URI.create(base + "/v1/topics/" + topic))
                                .build(),
                            HttpResponse.BodyHandlers.discarding())
                        .statusCode()
                    == 200);
  }

  private static int post(String base, String body) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(base + "/v1/embeddings"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /** Returns switchboard_requests_tokens_total of the backend pool's topic for one kind. */
  private static double metric(String base, String kind) throws Exception {
    String text =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    return text.lines()
        .filter(line -> line.startsWith("switchboard_requests_tokens_total{"))
        .filter(
            line ->
                Stream.of("topic=\"gateway." + BACKEND_MODEL + "\"", "kind=\"" + kind + "\"")
                    .allMatch(line::contains))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }
}
