package io.switchboard.runtime.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.switchboard.client.ClientEncryption;
import io.switchboard.client.ClientSettings;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.message.Message;
import io.switchboard.request.ReplyChunk;
import io.switchboard.request.RequestOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end encryption between the Java client and the Python client of docs/examples/python
 * through a real node: each opens what the other sealed (messages, and requests with their reply
 * chunks), a rotated key ring opens what the old key sealed, a payload altered in transit is never
 * delivered, and the node's journal files and its HTTP backlog browse hold no plaintext.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedGrpcNode.class)
class EndToEndEncryptionTest {
  private static final Path EXAMPLES =
      Path.of("..", "docs", "examples", "python").toAbsolutePath().normalize();
  private static final String PYTHON = "/usr/bin/python3";
  private static final String JAVA_SECRET = "java-secret-";
  private static final String PYTHON_SECRET = "request-1......";

  private GrpcNode node;
  private Path stubs;
  private Path oldKeys;
  private Path rotatedKeys;
  private ActorSystem<Void> system;

  @BeforeAll
  void start(@TempDir Path dir, GrpcNode shared) throws Exception {
    stubs = dir.resolve("stubs");
    assertThat(run(List.of("sh", "generate_stubs.sh", stubs.toString()), Map.of()))
        .contains("stubs in");
    String k1 = "k1 " + key(32);
    oldKeys = Files.writeString(dir.resolve("old.keys"), k1 + "\n");
    rotatedKeys = Files.writeString(dir.resolve("rotated.keys"), k1 + "\nk2 " + key(16) + "\n");
    node = shared;
    system =
        ActorSystem.create(
            Behaviors.empty(),
            "e2e-client",
            ConfigFactory.parseString(
                    "pekko.actor.provider = local\npekko.remote.artery.enabled = off")
                .withFallback(ConfigFactory.load()));
  }

  @AfterAll
  void stop() {
    if (system != null) {
      system.terminate();
    }
  }

  @Test
  void javaAndPythonOpenWhatTheOtherSealedAndTheNodeHoldsNoPlaintext() throws Exception {
    node.createTopic("e2e-chat", 2, "python", "java", "browse");
    try (SwitchboardClient oldJava = client(oldKeys);
        SwitchboardClient rotatedJava = client(rotatedKeys)) {
      // Java seals under k1 (the only key it has); Python under k2 (the newest of the rotated ring)
      for (int i = 0; i < 3; i++) {
        Message message =
            Message.builder("e2e-chat")
                .text(JAVA_SECRET + i + " " + "lorem ipsum ".repeat(150))
                .build();
        oldJava.publish(message).toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
      assertThat(python(rotatedKeys, "publish.py", target(), "e2e-chat", "3", "10", "2048"))
          .contains("published 3 confirmed 3");

      String browsed = browse("e2e-chat", "browse");
      assertThat(browsed).contains("\"e2e-key\":\"k1\"", "\"e2e-key\":\"k2\"");
      assertThat(browsed).doesNotContain(JAVA_SECRET, "request-", "lorem");
      assertThat(filesHolding(JAVA_SECRET)).isEmpty();
      assertThat(filesHolding(PYTHON_SECRET)).isEmpty();
      assertThat(filesHolding("lorem ipsum")).isEmpty();

      // Python opens both (k1 and k2 are in its rotated ring) ...
      String opened = python(rotatedKeys, "-c", readSix("e2e-chat", "python"));
      System.out.println("Python opened:\n" + opened);
      assertThat(opened.lines())
          .containsExactlyInAnyOrder(
              "java-secret-0 l",
              "java-secret-1 l",
              "java-secret-2 l",
              "request-0......",
              "request-1......",
              "request-2......");
      // ... and so does Java with the same ring
      List<String> javaOpened =
          rotatedJava
              .source("e2e-chat", "java", ConsumerSettings.defaults())
              .take(6)
              .map(
                  delivery -> {
                    delivery.ack();
                    return text(delivery.message()).substring(0, 15);
                  })
              .runWith(Sink.seq(), system)
              .toCompletableFuture()
              .get(60, TimeUnit.SECONDS);
      assertThat(javaOpened).containsExactlyInAnyOrderElementsOf(opened.lines().toList());
    }
  }

  @Test
  void aPayloadAlteredInTransitIsNeverDelivered() throws Exception {
    node.createTopic("e2e-tamper", 1, "g");
    try (SwitchboardClient java = client(rotatedKeys)) {
      // a sealed payload with one bit flipped, published by a client that does not seal (as a
      // node or a man in the middle could change it), then an intact one
      assertThat(
              python(
                  rotatedKeys,
                  "-c",
                  "import os\n"
                      + "from switchboard_client import Client, pb\n"
                      + "from switchboard_e2e import EndToEnd\n"
                      + "e2e = EndToEnd.from_environment()\n"
                      + "plain = Client('"
                      + target()
                      + "', e2e=False)\n"
                      + "m = e2e.seal_message(pb.Message(topic='e2e-tamper', payload=b'altered'))\n"
                      + "m.payload = m.payload[:-1] + bytes([m.payload[-1] ^ 1])\n"
                      + "p = plain.publisher()\n"
                      + "print(p.publish('e2e-tamper', m.payload, id=m.id, headers=dict(m.headers))"
                      + ".result(30) is not None)\n"
                      + "p.close()\n"))
          .contains("True");
      java.publish(Message.builder("e2e-tamper").text("intact").build())
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
      List<String> delivered =
          java.source("e2e-tamper", "g", ConsumerSettings.defaults())
              .take(1)
              .map(
                  delivery -> {
                    delivery.ack();
                    return text(delivery.message());
                  })
              .runWith(Sink.seq(), system)
              .toCompletableFuture()
              .get(60, TimeUnit.SECONDS);
      assertThat(delivered).containsExactly("intact");
    }
  }

  @Test
  void requestsAndTheirReplyChunksAreSealedBetweenJavaAndPython() throws Exception {
    node.createTopic("e2e-ask", 1, "workers");
    Path workerLog = Files.createTempFile("python-e2e-worker", ".log");
    Process worker =
        background(
            rotatedKeys, workerLog, "serve.py", target(), "e2e-ask", "workers", "3", "0", "2");
    try (SwitchboardClient java = client(rotatedKeys)) {
      // a Java caller, a Python worker
      List<ReplyChunk> chunks =
          java.request(
                  Message.builder("e2e-ask").id("e2e-q-1").text("a secret question").build(),
                  RequestOptions.timeout(Duration.ofSeconds(60)))
              .runWith(Sink.seq(), system)
              .toCompletableFuture()
              .get(90, TimeUnit.SECONDS);
      assertThat(chunks)
          .extracting(c -> new String(c.payload(), StandardCharsets.UTF_8))
          .containsExactly("token-1", "token-2", "token-3", "done");
      // a Python caller, the same worker
      assertThat(
              python(rotatedKeys, "request.py", target(), "e2e-ask", "another secret", "e2e-q-2")
                  .lines())
          .containsExactly(
              "chunk 1 token-1", "chunk 2 token-2", "chunk 3 token-3", "final 4 done", "usage 2 3");
      assertThat(worker.waitFor(60, TimeUnit.SECONDS)).as("the worker stops after 2").isTrue();
      assertThat(Files.readString(workerLog)).contains("completed e2e-q-1", "completed e2e-q-2");
      assertThat(filesHolding("secret question")).isEmpty();
      assertThat(filesHolding("token-2")).isEmpty();
    } finally {
      worker.destroyForcibly();
      Files.deleteIfExists(workerLog);
    }
  }

  private SwitchboardClient client(Path keys) {
    ClientSettings settings =
        ClientSettings.fromConfig(ConfigFactory.load().getConfig("switchboard.client"))
            .withTarget("127.0.0.1", node.port())
            .withEncryption(ClientEncryption.withKeyFile(keys));
    return SwitchboardClient.connect(system, settings);
  }

  private String target() {
    return "127.0.0.1:" + node.port();
  }

  /** A Python consumer of the examples' client that prints the start of six opened payloads. */
  private String readSix(String topic, String group) {
    return "from switchboard_client import Client\n"
        + "client = Client('"
        + target()
        + "')\n"
        + "consumer = client.consumer('"
        + topic
        + "', '"
        + group
        + "')\n"
        + "seen = 0\n"
        + "for delivery in consumer:\n"
        + "    print(delivery.message.payload[:15].decode(), flush=True)\n"
        + "    delivery.ack()\n"
        + "    seen += 1\n"
        + "    if seen == 6:\n"
        + "        break\n"
        + "consumer.close()\n";
  }

  /** The group's backlog as the node's HTTP API shows it (GET .../backlog). */
  private String browse(String topic, String group) throws Exception {
    URI uri =
        URI.create(
            "http://127.0.0.1:"
                + node.node().httpAddress().getPort()
                + "/v1/topics/"
                + topic
                + "/groups/"
                + group
                + "/backlog?limit=20");
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return answer.body();
  }

  /** Returns the files of the node's data directory that hold {@code text}. */
  private List<Path> filesHolding(String text) throws IOException {
    byte[] needle = text.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.walk(node.dataDir())) {
      List<Path> holding = new ArrayList<>();
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        if (indexOf(Files.readAllBytes(file), needle) >= 0) {
          holding.add(file);
        }
      }
      return holding;
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /**
   * Runs Debian's python3 with {@code args} in the examples directory, sealing with {@code keys}.
   */
  private String python(Path keys, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(PYTHON));
    command.addAll(List.of(args));
    return run(command, e2e(keys));
  }

  private static String text(Message message) {
    return new String(message.payload(), StandardCharsets.UTF_8);
  }

  private Process background(Path keys, Path log, String script, String... args)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(PYTHON, script));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(EXAMPLES.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("SWITCHBOARD_STUBS", stubs.toString());
    builder.environment().putAll(e2e(keys));
    return builder.start();
  }

  private static Map<String, String> e2e(Path keys) {
    return Map.of("SWITCHBOARD_E2E", "on", "SWITCHBOARD_E2E_KEY_FILE", keys.toString());
  }

  /** Runs a command in the examples directory and returns what it printed. */
  private String run(List<String> command, Map<String, String> environment) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(EXAMPLES.toFile()).redirectErrorStream(true);
    if (stubs != null) {
      builder.environment().put("SWITCHBOARD_STUBS", stubs.toString());
    }
    builder.environment().putAll(environment);
    Path log = Files.createTempFile("python-e2e", ".log");
    Process process = builder.redirectOutput(log.toFile()).start();
    try {
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
      return Files.readString(log, StandardCharsets.UTF_8);
    } finally {
      process.destroyForcibly();
      Files.deleteIfExists(log);
    }
  }

  private static String key(int bytes) {
    byte[] key = new byte[bytes];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }
}
