package io.switchboard.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.runtime.emulator.NodeScripts;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A node of a two-node cluster killed (SIGKILL) while the official {@code openai} client streams
 * chat completions through the gateway: two node JVMs on PostgreSQL over Artery, the backend
 * emulator as its own process from the jar, the client in Node.js. The pool spreads calls round
 * robin over the two nodes' connectors, so the killed node takes down backend calls, reply streams
 * and perhaps the pool's partition with it.
 *
 * <p>Through the node that survives, every stream completes with exactly the text the emulator
 * generates for that call (no gap, no repeat). Through the node that dies, the client sees its
 * connection fail; the request runs on, and the other node's request API gives its whole answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayNodeKillIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODEL = "kill-llama";
  private static final String BACKEND_MODEL = "emulated-llama";
  private static final int STREAMS = 6;
  private static final int MAX_TOKENS = 60;

  /**
   * The pool's ack-lease, far longer than the test: a call that moves only when its lease ends
   * would make a stream pause past {@link #LONGEST_PAUSE} and fail.
   */
  private static final String ACK_LEASE = "10m";

  /**
   * The longest pause a stream may see while the cluster downs the dead node (about 5 s) and moves
   * its calls, partitions and reply streams; with room for a loaded machine.
   */
  private static final Duration LONGEST_PAUSE = Duration.ofSeconds(45);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private Path work;
  private Process emulator;
  private int emulatorPort;
  private NodeCluster cluster;

  @BeforeAll
  void start() throws Exception {
    NodeScripts.install();
    work =
        Files.createDirectories(
                Path.of("target", "gateway-node-kill-it", "run-" + System.currentTimeMillis()))
            .toAbsolutePath();
    emulatorPort = freePort();
    emulator = startEmulator(work.resolve("emulator.log"));
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .alias("the emulator answers on " + emulatorPort)
        .until(() -> status("http://127.0.0.1:" + emulatorPort + "/health") == 200);
    String config =
        """
        switchboard.gateway.pool-defaults.retry-backoff = 500ms
        switchboard.gateway.pools {
          "%s" { balancing = round-robin, ack-lease = %s,
            backends = [{ url = "http://127.0.0.1:%d/v1", model = "%s" }] }
        }
        """
            .formatted(MODEL, ACK_LEASE, emulatorPort, BACKEND_MODEL);
    cluster = NodeCluster.start("gateway-node-kill-it", 2, config);
    for (NodeProcess node : cluster.nodes) {
      awaitPoolAvailable(node);
    }
  }

  @AfterAll
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
    if (emulator != null) {
      emulator.destroy();
      emulator.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  @Order(1)
  void streamsThroughTheSurvivingNodeCompleteWithNoGapOrRepeat() throws Exception {
    NodeProcess entry = cluster.nodes.get(0);
    NodeProcess killed = cluster.nodes.get(1);
    int droppedBefore = emulatorStats().path("dropped").asInt();
    JsonNode seen = streamWhileKilling(entry, killed, killed, "survivor");
    assertAlive(entry);
    for (int i = 0; i < STREAMS; i++) {
      JsonNode stream = seen.at("/streams/" + i);
      JsonNode reference = seen.at("/references/" + i);
      assertThat(stream.path("error").isNull()).as("stream %d: %s", i, stream).isTrue();
      assertThat(stream.path("text").asText())
          .as("stream %d: the emulator's text, each token once and in order", i)
          .isEqualTo(reference.path("text").asText())
          .isNotBlank();
      assertThat(stream.path("roles")).as("stream %d", i).hasSize(1);
      assertThat(stream.path("finishReasons")).as("stream %d", i).hasSize(1);
      assertThat(stream.path("ids")).as("stream %d: one id", i).hasSize(1);
      assertThat(stream.at("/usage/completion_tokens"))
          .as("stream %d", i)
          .isEqualTo(reference.at("/usage/completion_tokens"));
      assertThat(Duration.ofMillis(stream.path("longestGapMs").asLong()))
          .as("stream %d: its pause, far shorter than the ack-lease (%s)", i, ACK_LEASE)
          .isLessThan(LONGEST_PAUSE);
    }
    // the killed node's connector was generating some of the streams: the kill broke them at the
    // backend, and the survivor's connector continued them
    assertThat(emulatorStats().path("dropped").asInt() - droppedBefore)
        .as("backend calls the kill broke")
        .isPositive();
    cluster.restart(killed);
    awaitPoolAvailable(killed);
  }

  @Test
  @Order(2)
  void aCallerWhoseNodeIsKilledSeesItsConnectionFailAndReadsTheAnswerFromTheOtherNode()
      throws Exception {
    NodeProcess entry = cluster.nodes.get(1);
    NodeProcess other = cluster.nodes.get(0);
    JsonNode seen = streamWhileKilling(entry, other, entry, "entry");
    for (int i = 0; i < STREAMS; i++) {
      JsonNode stream = seen.at("/streams/" + i);
      String reference = seen.at("/references/" + i + "/text").asText();
      JsonNode error = stream.path("error");
      assertThat(error.isObject()).as("stream %d ends in an error: %s", i, stream).isTrue();
      assertThat(error.path("name").asText())
          .as("stream %d: the connection failed (no HTTP status): %s", i, error)
          .isIn("APIConnectionError", "TypeError", "Error");
      assertThat(error.path("status").isNull()).as("stream %d: %s", i, error).isTrue();
      assertThat(reference)
          .as("stream %d: what the client read before the kill is the answer's beginning", i)
          .startsWith(stream.path("text").asText());
      JsonNode resumed = stream.path("resumed");
      assertThat(resumed.path("text").asText())
          .as("stream %d: the whole answer, read from the other node: %s", i, resumed)
          .isEqualTo(reference)
          .isNotBlank();
      assertThat(resumed.path("roles").asInt()).as("stream %d", i).isEqualTo(1);
      assertThat(resumed.path("finishReasons").asInt()).as("stream %d", i).isEqualTo(1);
    }
    assertAlive(other);
  }

  /** Fails with the node's exit status and the end of its log if its JVM ended. */
  private static void assertAlive(NodeProcess node) throws IOException {
    if (!node.alive()) {
      String log = read(node.log());
      throw new AssertionError(
          node.name
              + " (the surviving node) ended with status "
              + node.exitValue()
              + "; its log ends:\n"
              + log.substring(Math.max(0, log.length() - 8000)));
    }
  }

  /**
   * Runs node-kill-client.mjs through {@code entry} with {@code other} as the node to read from
   * after a failure, kills {@code victim} once every stream has its first chunks, and returns what
   * the client printed.
   */
  private JsonNode streamWhileKilling(
      NodeProcess entry, NodeProcess other, NodeProcess victim, String name) throws Exception {
    Path log = work.resolve("client-" + name + ".log");
    Process client =
        new ProcessBuilder(
                "node",
                NodeScripts.DIRECTORY.resolve("node-kill-client.mjs").toString(),
                entry.url() + "/v1",
                other.url() + "/v1",
                "http://127.0.0.1:" + emulatorPort + "/v1",
                MODEL,
                BACKEND_MODEL,
                Integer.toString(STREAMS),
                Integer.toString(MAX_TOKENS))
            .directory(NodeScripts.DIRECTORY.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(50))
          .alias("every stream has its first chunks (" + log + ")")
          .until(() -> client.isAlive() && read(log).contains("streaming"));
      victim.kill();
      assertThat(client.waitFor(240, TimeUnit.SECONDS)).as("the client ends: " + log).isTrue();
      String output = read(log).strip();
      String last = output.substring(output.lastIndexOf('\n') + 1);
      assertThat(last).as("the client's last line (%s)", log).startsWith("{");
      JsonNode seen = JSON.readTree(last);
      System.out.println("GatewayNodeKillIT " + name + ": " + seen);
      return seen;
    } finally {
      client.destroyForcibly();
    }
  }

  private Process startEmulator(Path log) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path jar = Path.of(System.getProperty("switchboard.jar", "target/switchboard.jar"));
    // 100 ms a token: a 60-token answer runs for six seconds, long enough to be cut by the kill
    return new ProcessBuilder(
            List.of(
                java,
                "-Xmx256m",
                "-jar",
                jar.toString(),
                "emulate-backend",
                "--port",
                Integer.toString(emulatorPort),
                "--model",
                BACKEND_MODEL,
                "--b0-ms",
                "20",
                "--b2-ms",
                "100"))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /** Waits until {@code node} serves the pool with a connector in it, without making a call. */
  private void awaitPoolAvailable(NodeProcess node) {
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .alias(node.name + " serves " + MODEL)
        .until(
            () -> {
              HttpResponse<String> pool =
                  http.send(
                      HttpRequest.newBuilder(URI.create(node.url() + "/v1/pools/" + MODEL))
                          .timeout(Duration.ofSeconds(5))
                          .build(),
                      HttpResponse.BodyHandlers.ofString());
              return pool.statusCode() == 200
                  && JSON.readTree(pool.body()).path("available").asBoolean();
            });
  }

  private JsonNode emulatorStats() throws Exception {
    HttpResponse<String> stats =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + emulatorPort + "/emulator/stats"))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(stats.body());
  }

  private int status(String url) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private static String read(Path log) throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
