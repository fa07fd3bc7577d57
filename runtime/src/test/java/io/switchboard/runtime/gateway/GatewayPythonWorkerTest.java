package io.switchboard.runtime.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.runtime.emulator.NodeScripts;
import io.switchboard.runtime.node.NodeConfig;
import io.switchboard.runtime.node.NodeSettings;
import io.switchboard.runtime.node.SwitchboardNode;
import io.switchboard.testing.QuickStop;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pool with no backend, served by the Python client's worker example over gRPC, called with the
 * official openai npm client: streamed and whole chat and embeddings answer as from any backend.
 */
class GatewayPythonWorkerTest {
  private static final Path EXAMPLES =
      Path.of("..", "docs", "examples", "python").toAbsolutePath().normalize();
  private static final String MODEL = "py-llama";

  @Test
  void aPythonWorkerServesAPoolToTheOfficialOpenAiClient(@TempDir Path dir) throws Exception {
    NodeScripts.install();
    Path stubs = dir.resolve("stubs");
    String generated =
        NodeScripts.run(
            EXAMPLES,
            List.of("sh", EXAMPLES.resolve("generate_stubs.sh").toString(), stubs.toString()),
            120);
    assertThat(generated).contains("stubs in");
    Path config =
        Files.writeString(
            dir.resolve("gateway.conf"),
            QuickStop.CONFIG
                + "switchboard.gateway.pools { \""
                + MODEL
                + "\" { external-workers = on } }\n");
    NodeSettings settings =
        new NodeSettings(
            List.of("local"),
            Optional.of(config),
            Optional.of(0),
            Optional.of(dir.resolve("data")),
            List.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(0),
            Optional.of(0));
    SwitchboardNode node =
        SwitchboardNode.start(NodeConfig.load(settings))
            .toCompletableFuture()
            .orTimeout(90, TimeUnit.SECONDS)
            .join();
    Path log = dir.resolve("worker.log");
    Process worker = null;
    try {
      node.ready().toCompletableFuture().orTimeout(90, TimeUnit.SECONDS).join();
      // the node creates the pool's topic once ready; a worker subscribes to a topic that exists
      HttpClient http = HttpClient.newHttpClient();
      URI topic =
          URI.create(
              "http://127.0.0.1:" + node.httpAddress().getPort() + "/v1/topics/gateway." + MODEL);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  http.send(
                              HttpRequest.newBuilder(topic).build(),
                              HttpResponse.BodyHandlers.discarding())
                          .statusCode()
                      == 200);
      ProcessBuilder builder =
          new ProcessBuilder(
                  "/usr/bin/python3",
                  EXAMPLES.resolve("openai_worker.py").toString(),
                  "127.0.0.1:" + node.grpcAddress().getPort(),
                  MODEL)
              .directory(EXAMPLES.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder.environment().put("SWITCHBOARD_STUBS", stubs.toString());
      worker = builder.start();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> Files.readString(log).contains("serving " + MODEL));

      JsonNode seen =
          NodeScripts.json(
              "worker-client.mjs",
              "http://127.0.0.1:" + node.httpAddress().getPort() + "/v1",
              MODEL);

      JsonNode streamed = seen.get("streamed");
      assertThat(streamed.get("text").asText())
          .isEqualTo("You said: route this call to a python worker please");
      assertThat(streamed.get("roles")).hasSize(1);
      assertThat(streamed.get("finishReasons").get(0).asText()).isEqualTo("stop");
      assertThat(streamed.get("ids")).hasSize(1);
      assertThat(streamed.at("/usage/completion_tokens").asInt()).isEqualTo(10);
      JsonNode whole = seen.get("whole");
      assertThat(whole.get("text").asText()).isEqualTo("You said: route this");
      assertThat(whole.get("finish").asText()).isEqualTo("length");
      assertThat(whole.at("/usage/completion_tokens").asInt()).isEqualTo(4);
      assertThat(seen.get("embeddings").asInt()).isEqualTo(2);
      // the worker reports its tokens beside the final reply too: the node counts them
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(completionTokens(http, node.httpAddress().getPort()))
                      .isEqualTo(10 + 4));
      assertThat(Files.readString(log))
          .contains("answered openai.chat.completions")
          .contains("answered openai.embeddings");
    } finally {
      if (worker != null) {
        worker.destroyForcibly();
      }
      node.stop().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
    }
  }

  private static double completionTokens(HttpClient http, int port) throws Exception {
    String metrics =
        http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    return metrics
        .lines()
        .filter(line -> line.startsWith("switchboard_requests_tokens_total{"))
        .filter(line -> line.contains("topic=\"gateway." + MODEL + "\""))
        .filter(line -> line.contains("kind=\"completion\""))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }
}
