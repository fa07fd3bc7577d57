package io.switchboard.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code kill -9} of the node process (the jar, embedded RocksDB journal) while producers publish
 * durable messages, in each durability mode, and a torn log tail after a kill: every confirmed
 * message is delivered after the restart; duplicates are counted and printed.
 */
class CrashRecoveryIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOPIC = "crash";

  private final HttpClient http = HttpClient.newHttpClient();
  private final Path jar = Path.of(System.getProperty("switchboard.jar", "target/switchboard.jar"));
  private NodeProcess node;
  private List<String> options;

  @AfterEach
  void stop() {
    if (node != null) {
      node.stopQuietly();
    }
  }

  @ParameterizedTest(name = "durability {0}")
  @ValueSource(strings = {"fsync", "os"})
  void deliversEveryConfirmedMessageAfterAKillInTheMiddleOfPublishing(String durability)
      throws Exception {
    Path work = start("kill-" + durability, durability);
    Workload workload = new Workload(durability, TOPIC, List.of(node));
    workload.start(4, 1);
    await().atMost(Duration.ofSeconds(30)).until(() -> workload.confirmed.size() >= 1000);

    node.kill();
    int confirmedAtKill = workload.confirmed.size();
    restart();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> workload.confirmed.size() >= confirmedAtKill + 1000);
    workload.stopProducing();
    await().atMost(Duration.ofSeconds(30)).until(() -> workload.missing().isEmpty());
    workload.stopConsuming();

    System.out.printf(
        "CrashRecoveryIT %s: %d confirmed (%d when killed), %d delivered, %d duplicates, "
            + "%d publishes retried, log %s%n",
        durability,
        workload.confirmed.size(),
        confirmedAtKill,
        workload.delivered.size(),
        workload.duplicates(),
        workload.publishFailures.get(),
        work);
    assertThat(workload.missing()).as("confirmed but never delivered").isEmpty();
  }

  @Test
  void recoversToTheLastCompleteWriteWhenTheLogTailIsTorn() throws Exception {
    Path work = start("torn", "fsync");
    Workload workload = new Workload("torn", TOPIC, List.of(node));
    workload.start(4, 0);
    await().atMost(Duration.ofSeconds(30)).until(() -> workload.confirmed.size() >= 1000);
    workload.stopProducing();

    // The last write before the kill carries one message only; cutting it in half is what a
    // power cut during its (unconfirmed) write leaves: a record whose checksum fails.
    Path log = newestLog(work.resolve("data").resolve("journal-rocksdb"));
    long before = Files.size(log);
    publish(Map.of("id", "torn", "payload", Map.of("id", "torn")));
    long after = Files.size(log);
    assertThat(newestLog(work.resolve("data").resolve("journal-rocksdb"))).isEqualTo(log);
    assertThat(after).isGreaterThan(before);
    node.kill();
    long cut = before + (after - before) / 2;
    try (FileChannel file = FileChannel.open(log, StandardOpenOption.WRITE)) {
      file.truncate(cut);
    }

    restart();
    workload.start(0, 1);
    await().atMost(Duration.ofSeconds(30)).until(() -> workload.missing().isEmpty());
    workload.stopConsuming();

    System.out.printf(
        "CrashRecoveryIT torn tail: %s cut from %d to %d bytes; %d confirmed, %d delivered, "
            + "%d duplicates, torn message delivered: %s%n",
        log.getFileName(),
        after,
        cut,
        workload.confirmed.size(),
        workload.delivered.size(),
        workload.duplicates(),
        workload.delivered.containsKey("torn"));
    assertThat(workload.missing()).as("confirmed but never delivered").isEmpty();
    assertThat(workload.delivered).as("the torn write is not replayed").doesNotContainKey("torn");
  }

  /** Starts a node with its journal in {@code durability} mode; returns its work directory. */
  private Path start(String name, String durability) throws Exception {
    Path work =
        Files.createDirectories(
                Path.of("target", "crash-recovery-it", name + "-" + System.currentTimeMillis()))
            .toAbsolutePath();
    Path config =
        Files.writeString(
            work.resolve("node.conf"), "switchboard.journal.durability = " + durability + "\n");
    options = List.of("--data-dir", work.resolve("data").toString(), "--config", config.toString());
    node = new NodeProcess(name, work);
    node.start(jar, options, Map.of());
    awaitReadyLine();
    publishOk("/v1/topics", Map.of("name", TOPIC, "partitions", 4, "durable", true));
    publishOk("/v1/topics/" + TOPIC + "/groups", Map.of("name", "g"));
    return work;
  }

  private void restart() throws Exception {
    long started = System.nanoTime();
    node.start(jar, options, Map.of());
    awaitReadyLine();
    System.out.printf(
        "CrashRecoveryIT: ready again %d ms after the restart%n",
        (System.nanoTime() - started) / 1_000_000);
  }

  private static Path newestLog(Path journal) throws IOException {
    try (Stream<Path> files = Files.list(journal)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".log"))
          .max(Comparator.comparing(f -> f.getFileName().toString()))
          .orElseThrow();
    }
  }

  private void publish(Map<String, Object> body) throws Exception {
    publishOk("/v1/topics/" + TOPIC + "/messages", body);
  }

  private void publishOk(String path, Object body) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(node.url() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode() / 100).as(path + ": " + response.body()).isEqualTo(2);
  }

  private void awaitReadyLine() {
    String line = "Switchboard node ready: HTTP API on http://127.0.0.1:" + node.httpPort;
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(250))
        .alias("'" + line + "' in " + node.log())
        .until(() -> node.alive() && lastRun().contains(line));
  }

  private String lastRun() throws IOException {
    String text = Files.readString(node.log());
    return text.substring(text.lastIndexOf("==== starting"));
  }
}
