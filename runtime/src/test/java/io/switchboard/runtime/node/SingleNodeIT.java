package io.switchboard.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar switchboard.jar node} as a user runs it: one line says where it listens,
 * confirmed messages survive {@code kill -9} (the embedded RocksDB journal, fsync), SIGTERM exits
 * cleanly.
 */
class SingleNodeIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private NodeProcess node;

  @AfterEach
  void stop() {
    if (node != null) {
      node.stopQuietly();
    }
  }

  @Test
  void keepsConfirmedMessagesAcrossAKillAndStopsOnSigterm() throws Exception {
    Path work =
        Files.createDirectories(
                Path.of("target", "single-node-it", "run-" + System.currentTimeMillis()))
            .toAbsolutePath();
    Path jar = Path.of(System.getProperty("switchboard.jar", "target/switchboard.jar"));
    List<String> options = List.of("--data-dir", work.resolve("data").toString());
    node = new NodeProcess("single", work);

    long started = System.nanoTime();
    node.start(jar, options, Map.of());
    awaitReadyLine();
    System.out.printf("SingleNodeIT: ready in %d ms%n", (System.nanoTime() - started) / 1_000_000);

    assertThat(
            post("/v1/topics", Map.of("name", "kept", "partitions", 2, "durable", true))
                .path("name")
                .asText())
        .isEqualTo("kept");
    post("/v1/topics/kept/groups", Map.of("name", "g"));
    Set<String> confirmed = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      confirmed.add(
          post("/v1/topics/kept/messages", Map.of("payload", Map.of("n", i)))
              .path("messageId")
              .asText());
    }

    node.kill();
    node.start(jar, options, Map.of());
    awaitReadyLine();
    Set<String> delivered = new HashSet<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              for (JsonNode delivery :
                  post("/v1/topics/kept/groups/g/pull", Map.of("max", 100, "waitMs", 500))
                      .path("deliveries")) {
                delivered.add(delivery.path("message").path("id").asText());
              }
              return delivered.containsAll(confirmed);
            });

    assertThat(node.terminate(60)).as("exits after SIGTERM").isTrue();
    // a JVM ended by SIGTERM reports 128 + 15 once its shutdown hooks (coordinated shutdown) ran
    assertThat(node.exitValue()).isIn(0, 143);
    assertThat(Files.readString(node.log())).contains("Shutting down: refusing new requests");
  }

  private void awaitReadyLine() {
    String line = "Switchboard node ready: HTTP API on http://127.0.0.1:" + node.httpPort;
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(250))
        .alias("'" + line + "' in " + node.log())
        .until(() -> node.alive() && lastRun().contains(line));
  }

  private String lastRun() throws java.io.IOException {
    String log = Files.readString(node.log());
    return log.substring(log.lastIndexOf("==== starting"));
  }

  private JsonNode post(String path, Object body) throws Exception {
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(URI.create(node.url() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode() / 100)
        .as(path + ": " + new String(response.body()))
        .isEqualTo(2);
    return JSON.readTree(response.body());
  }
}
