package io.switchboard.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's journal on a small tmpfs mounted for the test: once the disk is full a publish gets
 * {@code 507 JOURNAL_FULL}, nothing confirmed is lost, and publishing works again when space
 * returns, also across a restart. Skipped where the test may not mount a file system.
 */
class JournalFullTest {
  private static final String MESSAGES = "/v1/topics/full/messages";
  // RocksDB preallocates its log (~70 MiB): large messages reach the end of that quickly
  private static final String PAYLOAD = "x".repeat(256 * 1024);

  @TempDir Path dir;
  private Path mount;
  private TestNode node;

  @AfterEach
  void unmount() throws Exception {
    try {
      if (node != null) {
        node.close();
      }
    } finally {
      if (mount != null) {
        run("umount", mount.toString());
      }
    }
  }

  @Test
  void answersJournalFullWhileTheDiskIsFullAndRecoversWhenSpaceReturns() throws Exception {
    mount = Files.createDirectories(dir.resolve("small"));
    Assumptions.assumeTrue(
        run("mount", "-t", "tmpfs", "-o", "size=256m", "tmpfs", mount.toString()) == 0,
        "mounting a tmpfs is not permitted here (needs root): the disk-full test is skipped");
    node = TestNode.start(mount, "");
    ApiClient api = node.client();
    assertThat(
            api.post("/v1/topics", Map.of("name", "full", "partitions", 2, "durable", true))
                .status())
        .isEqualTo(201);
    // one group reads before the restart, the other after: no lease of the first gets in the way
    assertThat(api.post("/v1/topics/full/groups", Map.of("name", "before")).status())
        .isEqualTo(201);
    assertThat(api.post("/v1/topics/full/groups", Map.of("name", "after")).status()).isEqualTo(201);
    Set<String> confirmed = new LinkedHashSet<>();
    for (int i = 0; i < 20; i++) {
      publish(api, "before-" + i, confirmed);
    }

    Path filler = mount.resolve("filler");
    fill(filler);
    ApiClient.Answer refused = null;
    for (int i = 0; i < 1000 && refused == null; i++) {
      ApiClient.Answer answer = publish(api, "full-" + i, confirmed);
      if (answer.status() != 200) {
        refused = answer;
      }
    }
    assertThat(refused).as("a publish is refused once the disk is full").isNotNull();
    assertThat(refused.status()).as(refused.toString()).isEqualTo(507);
    assertThat(refused.errorCode()).isEqualTo("JOURNAL_FULL");
    ApiClient.Answer again = publish(api, "still-full", confirmed);
    assertThat(again.status()).as(again.toString()).isEqualTo(507);
    assertThat(again.errorCode()).isEqualTo("JOURNAL_FULL");
    System.out.printf(
        "JournalFullTest: %d confirmed before the first refusal; refused: %s%n",
        confirmed.size(), again.json().path("error").path("message").asText());

    Files.delete(filler);
    long freed = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> publish(api, "after", confirmed).status() == 200);
    System.out.printf(
        "JournalFullTest: publishing again %d ms after the filler was deleted%n",
        (System.nanoTime() - freed) / 1_000_000);
    for (int i = 0; i < 20; i++) {
      assertThat(publish(api, "after-" + i, confirmed).status()).isEqualTo(200);
    }
    assertThat(delivered(api, "before")).containsAll(confirmed);

    node.close();
    node = null;
    node = TestNode.start(mount, "");
    assertThat(publish(node.client(), "after-restart", confirmed).status()).isEqualTo(200);
    assertThat(delivered(node.client(), "after")).as("after a restart").containsAll(confirmed);
  }

  /** Publishes with the id as idempotency key; remembers the id when it is confirmed. */
  private static ApiClient.Answer publish(ApiClient api, String id, Set<String> confirmed) {
    ApiClient.Answer answer =
        api.post(MESSAGES, Map.of("id", id, "idempotencyKey", id, "payload", PAYLOAD));
    if (answer.status() == 200) {
      confirmed.add(id);
    }
    return answer;
  }

  /** Pulls (without acking) until nothing more comes; returns the ids delivered. */
  private static Set<String> delivered(ApiClient api, String group) {
    Set<String> ids = new HashSet<>();
    while (true) {
      ApiClient.Answer answer =
          api.post("/v1/topics/full/groups/" + group + "/pull", Map.of("max", 200, "waitMs", 500));
      assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
      JsonNode deliveries = answer.json().path("deliveries");
      if (deliveries.isEmpty()) {
        return ids;
      }
      deliveries.forEach(d -> ids.add(d.path("message").path("id").asText()));
    }
  }

  /** Writes zeros to {@code filler} until the file system has no space left. */
  private static void fill(Path filler) {
    byte[] chunk = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(chunk);
      }
    } catch (IOException expected) {
      assertThat(expected).hasMessageContaining("No space left");
    }
  }

  private static int run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    int status = process.waitFor();
    if (status != 0) {
      System.out.println("JournalFullTest: " + String.join(" ", command) + ": " + output.strip());
    }
    return status;
  }
}
