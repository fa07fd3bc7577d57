package io.switchboard.runtime.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.switchboard.client.ClientSettings;
import io.switchboard.client.RemoteRequest;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.message.Message;
import io.switchboard.request.ReplyChunk;
import io.switchboard.request.RequestOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request's reply chunks and final reply in a real node's journal files with and without {@code
 * switchboard.at-rest}: found on disk without it, nowhere with it; after a restart with a rotated
 * key file a caller reattaching reads them as the worker sent them.
 */
class RepliesAtRestTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private ActorSystem<Void> system;

  @BeforeEach
  void startClientSystem() {
    system =
        ActorSystem.create(
            Behaviors.empty(),
            "replies-at-rest",
            ConfigFactory.parseString(
                    "pekko.actor.provider = local\npekko.remote.artery.enabled = off")
                .withFallback(ConfigFactory.load()));
  }

  @AfterEach
  void stopClientSystem() {
    system.terminate();
  }

  @Test
  void withoutItTheRepliesAreInTheJournalFiles() throws Exception {
    GrpcNode node = GrpcNode.start();
    String chunk = marker("chunk");
    String last = marker("last");
    try {
      assertThat(ask(node, "q-plain", chunk, last)).containsExactly(chunk, last);
      node = node.restart(); // the journal closed: what it wrote is in its files
      assertThat(filesHolding(node.dataDir(), chunk))
          .as("the search finds a plaintext reply")
          .isNotEmpty();
    } finally {
      node.close();
    }
  }

  @Test
  void withEncryptionNoJournalFileHoldsTheRepliesAndARotatedKeyStillReadsThem(@TempDir Path dir)
      throws Exception {
    Path keys = Files.writeString(dir.resolve("at-rest.keys"), "k1 " + newKey() + "\n");
    GrpcNode node =
        GrpcNode.start(
            "switchboard.at-rest { topics = [\"ask.*\"], compression = lz4, encryption = on,"
                + " key-file = \""
                + keys
                + "\" }");
    String chunk = marker("chunk");
    String last = marker("last");
    try {
      assertThat(ask(node, "q-sealed", chunk, last)).containsExactly(chunk, last);
      Files.writeString(keys, "k2 " + newKey() + "\n", StandardOpenOption.APPEND);
      node = node.restart();
      assertThat(filesHolding(node.dataDir(), chunk)).isEmpty();
      assertThat(filesHolding(node.dataDir(), last)).isEmpty();
      try (SwitchboardClient caller = client(node)) {
        List<String> again =
            caller
                .replies("q-sealed", 0)
                .map(c -> new String(c.payload(), StandardCharsets.UTF_8))
                .runWith(Sink.seq(), system)
                .toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
        assertThat(again).containsExactly(chunk, last);
      }
    } finally {
      node.close();
    }
  }

  /** Sends request {@code id} to ask.prompts, served by a worker that answers chunk then last. */
  private List<String> ask(GrpcNode node, String id, String chunk, String last) throws Exception {
    node.createTopic("ask.prompts", 1, "workers");
    try (SwitchboardClient client = client(node)) {
      client
          .requests("ask.prompts", "workers", ConsumerSettings.defaults())
          .mapAsync(1, (RemoteRequest r) -> r.reply(chunk).thenCompose(done -> r.complete(last)))
          .runWith(Sink.ignore(), system);
      List<ReplyChunk> replies =
          client
              .request(
                  Message.builder("ask.prompts").id(id).text("a question").build(),
                  RequestOptions.timeout(Duration.ofSeconds(60)))
              .runWith(Sink.seq(), system)
              .toCompletableFuture()
              .get(90, TimeUnit.SECONDS);
      List<String> texts = new ArrayList<>();
      replies.forEach(r -> texts.add(new String(r.payload(), StandardCharsets.UTF_8)));
      return texts;
    }
  }

  private SwitchboardClient client(GrpcNode node) {
    return SwitchboardClient.connect(
        system,
        ClientSettings.fromConfig(ConfigFactory.load().getConfig("switchboard.client"))
            .withTarget("127.0.0.1", node.port()));
  }

  private static List<Path> filesHolding(Path dir, String text) throws IOException {
    byte[] needle = text.getBytes(StandardCharsets.UTF_8);
    List<Path> holding = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        if (contains(Files.readAllBytes(file), needle)) {
          holding.add(file);
        }
      }
    }
    return holding;
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /** A marker with no repeats inside, so lz4-compressed journal blocks keep it as one literal. */
  private static String marker(String kind) {
    byte[] random = new byte[24];
    RANDOM.nextBytes(random);
    // 64 symbols, not hex: a compressed block copies a 4-byte run seen earlier in it, and with
    // 16 symbols a marker's run too often repeats other hex text there (the control then misses)
    return kind + "-" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  private static String newKey() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }
}
