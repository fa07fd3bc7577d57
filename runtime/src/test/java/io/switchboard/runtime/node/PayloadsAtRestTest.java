package io.switchboard.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.testing.QuickStop;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real node's journal files with and without {@code switchboard.at-rest}: a payload's bytes are
 * found on disk without it and nowhere with it; after a restart with a rotated key file the message
 * still reads back as published.
 */
class PayloadsAtRestTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void withoutItThePayloadIsInTheJournalFiles(@TempDir Path dir) throws Exception {
    String secret = marker();
    SwitchboardNode node = start(dir, "");
    try {
      publish(node, secret);
    } finally {
      stop(node);
    }
    assertThat(StoredBytes.filesHolding(dir.resolve("data"), secret))
        .as("the search finds a plaintext payload")
        .isNotEmpty();
  }

  @Test
  void withEncryptionNoJournalFileHoldsThePayloadAndARotatedKeyStillReadsIt(@TempDir Path dir)
      throws Exception {
    String secret = marker();
    Path keys = Files.writeString(dir.resolve("at-rest.keys"), "k1 " + newKey() + "\n");
    String config =
        "switchboard.at-rest { compression = lz4, compress-above = 0, encryption = on, key-file = \""
            + keys
            + "\" }\n";
    SwitchboardNode node = start(dir, config);
    try {
      publish(node, secret);
    } finally {
      stop(node);
    }
    assertThat(StoredBytes.filesHolding(dir.resolve("data"), secret)).isEmpty();

    Files.writeString(keys, "k2 " + newKey() + "\n", StandardOpenOption.APPEND);
    SwitchboardNode restarted = start(dir, config);
    try {
      String pulled = pullOne(restarted);
      assertThat(pulled).contains(secret);
    } finally {
      stop(restarted);
    }
  }

  private SwitchboardNode start(Path dir, String hocon) throws IOException {
    Path config = Files.writeString(dir.resolve("node.conf"), QuickStop.CONFIG + hocon);
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
    node.ready().toCompletableFuture().orTimeout(90, TimeUnit.SECONDS).join();
    return node;
  }

  private static void stop(SwitchboardNode node) {
    node.stop().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
    node.system().getWhenTerminated().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
  }

  private void publish(SwitchboardNode node, String secret) throws Exception {
    assertThat(post(node, "/v1/topics", "{\"name\":\"prompts\",\"partitions\":1}").statusCode())
        .isEqualTo(201);
    assertThat(post(node, "/v1/topics/prompts/groups", "{\"name\":\"g\"}").statusCode())
        .isEqualTo(201);
    HttpResponse<String> published =
        post(node, "/v1/topics/prompts/messages", "{\"payload\":{\"prompt\":\"" + secret + "\"}}");
    assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
  }

  private String pullOne(SwitchboardNode node) {
    String[] body = new String[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              body[0] =
                  post(node, "/v1/topics/prompts/groups/g/pull", "{\"max\":1,\"waitMs\":1000}")
                      .body();
              return body[0].contains("\"receipt\"");
            });
    return body[0];
  }

  private HttpResponse<String> post(SwitchboardNode node, String path, String json)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + node.httpAddress().getPort() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * A marker that compressed journal blocks keep as one literal run: a compressor copies any run of
   * 4 bytes it saw earlier in the block, and in hex (16 symbols) one of a marker's runs repeats
   * some other hex text in the block often enough to split it; in 64 symbols, about once in 16
   * million runs.
   */
  private static String marker() {
    byte[] random = new byte[24];
    RANDOM.nextBytes(random);
    return "secret-" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  private static String newKey() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }
}
