package io.switchboard.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node started as its own JVM (the test's class path, as {@code java -jar switchboard.jar node}
 * would run) with its at-rest keys in {@code SWITCHBOARD_AT_REST_KEYS} and no key file: what it
 * sealed (lz4, then AES-GCM) is nowhere in its files and reads back after a restart with a rotated
 * variable and zstd chosen instead of lz4, beside a message stored with zstd; a malformed key stops
 * it at start with one line naming the variable, not the key. Slow for a surefire test (two node
 * JVM starts and one refused start, 41 s on the busy 2-core machine): an environment variable can
 * only be set for a new process.
 */
class AtRestKeysFromEnvironmentTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aNodeWithKeysInTheEnvironmentSealsAndReadsBackAfterARestart(@TempDir Path dir)
      throws Exception {
    String secret = "secret-" + HexFormat.of().formatHex(bytes(24));
    String k1 = "k1 " + Base64.getEncoder().encodeToString(bytes(32));
    int port = freePort();

    Process node = start(dir, port, k1, "lz4");
    try {
      awaitReady(node, port, dir);
      assertThat(post(port, "/v1/topics", "{\"name\":\"prompts\",\"partitions\":1}").statusCode())
          .isEqualTo(201);
      assertThat(post(port, "/v1/topics/prompts/groups", "{\"name\":\"g\"}").statusCode())
          .isEqualTo(201);
      publish(port, secret);
    } finally {
      stop(node);
    }
    assertThat(StoredBytes.filesHolding(dir.resolve("data"), secret)).isEmpty();

    String rotated = k1 + ";k2 " + Base64.getEncoder().encodeToString(bytes(32));
    Process restarted = start(dir, port, rotated, "zstd");
    String second = "second-" + HexFormat.of().formatHex(bytes(24));
    try {
      awaitReady(restarted, port, dir);
      publish(port, second);
      StringBuilder pulled = new StringBuilder();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                pulled.append(
                    post(port, "/v1/topics/prompts/groups/g/pull", "{\"max\":2,\"waitMs\":1000}")
                        .body());
                return pulled.indexOf(secret) >= 0 && pulled.indexOf(second) >= 0;
              });
    } finally {
      stop(restarted);
    }
    assertThat(StoredBytes.filesHolding(dir.resolve("data"), second)).isEmpty();
  }

  @Test
  void aMalformedKeyInTheEnvironmentStopsTheNodeNamingTheVariable(@TempDir Path dir)
      throws Exception {
    String shortKey = Base64.getEncoder().encodeToString(bytes(10));
    Process node = start(dir, freePort(), "k1 " + shortKey, "zstd");
    assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = Files.readString(dir.resolve("node.log"));
    assertThat(node.exitValue()).as(output).isEqualTo(2);
    assertThat(output)
        .contains(
            "node: cannot start: the environment variable SWITCHBOARD_AT_REST_KEYS, line 1: an AES"
                + " key is 16, 24 or 32 bytes, got 10")
        .doesNotContain(shortKey);
  }

  /** Publishes a payload over 1 KiB (so it is compressed) that holds {@code marker}. */
  private void publish(int port, String marker) throws Exception {
    String filler = "a prompt of the user's with personal data in it. ".repeat(30);
    HttpResponse<String> published =
        post(
            port,
            "/v1/topics/prompts/messages",
            "{\"payload\":{\"p\":\"" + marker + "\",\"text\":\"" + filler + "\"}}");
    assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
  }

  private static Process start(Path dir, int httpPort, String keys, String compression)
      throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                "io.switchboard.runtime.cli.SwitchboardCommand",
                "node",
                "--http-port",
                Integer.toString(httpPort),
                "--grpc-port",
                "0",
                "--management-port",
                "0",
                "--data-dir",
                dir.resolve("data").toString()));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(name -> name.startsWith("SWITCHBOARD_"));
    builder
        .environment()
        .putAll(
            Map.of(
                "SWITCHBOARD_AT_REST_ENCRYPTION", "on",
                "SWITCHBOARD_AT_REST_COMPRESSION", compression,
                "SWITCHBOARD_AT_REST_KEYS", keys));
    builder.redirectErrorStream(true);
    builder.redirectOutput(dir.resolve("node.log").toFile());
    return builder.start();
  }

  private void awaitReady(Process node, int port, Path dir) {
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(
            () -> {
              if (!node.isAlive()) {
                throw new AssertionError(
                    "the node ended: " + Files.readString(dir.resolve("node.log")));
              }
              return get(port, "/health/ready").statusCode() == 200;
            });
  }

  private static void stop(Process node) throws InterruptedException {
    node.destroy();
    if (!node.waitFor(60, TimeUnit.SECONDS)) {
      node.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(int port, String path, String json) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] bytes(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
