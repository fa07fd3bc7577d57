package io.switchboard.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.runtime.emulator.NodeScripts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A node frozen with SIGSTOP, as the operator sees it: the other node's {@code GET
 * /v1/cluster/members} (what the console's nodes panel reads) says it is unreachable within the
 * failure detector's pause, the console in Chromium shows it in red, and once thawed it is
 * reachable again. The split brain resolver waits 30 s here (SWITCHBOARD_SBR_STABLE_AFTER) so that
 * the frozen node is seen before it is downed; production waits 1.5 s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeReachabilityIT {
  private static final Path SCRIPTS = Path.of("src", "test", "js-console").toAbsolutePath();
  private static final Path SHOTS = Path.of("target", "console-screenshots").toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private NodeCluster cluster;

  @BeforeAll
  void start() throws Exception {
    cluster =
        NodeCluster.start(
            "node-reachability-it",
            2,
            "switchboard.console.refresh-interval = 500ms\n",
            "cluster,postgres",
            Map.of("SWITCHBOARD_SBR_STABLE_AFTER", "30s"));
  }

  @AfterAll
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aFrozenNodeShowsUnreachableInTheMembersApiAndTheConsoleThenReachableOnceThawed()
      throws Exception {
    NodeProcess watcher = cluster.nodes.get(0);
    NodeProcess frozen = cluster.nodes.get(1);
    String frozenNode = "pekko://switchboard@" + frozen.address();
    NodeScripts.install(SCRIPTS, "playwright-core");
    Files.createDirectories(SHOTS);

    long frozenAt = System.nanoTime();
    frozen.suspend();
    try {
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(100))
          .alias("the watcher sees the frozen node unreachable")
          .until(() -> !member(watcher, frozenNode).path("reachable").asBoolean(true));
      long seenAfter = System.nanoTime() - frozenAt;
      JsonNode member = member(watcher, frozenNode);
      assertThat(member.path("status").asText()).isEqualTo("Up"); // not downed: only unreachable
      String output =
          NodeScripts.run(
                  SCRIPTS,
                  List.of(
                      "node",
                      SCRIPTS.resolve("console-nodes.mjs").toString(),
                      watcher.url(),
                      frozenNode,
                      SHOTS.resolve("overview-unreachable.png").toString()),
                  120)
              .strip();
      JsonNode seen = JSON.readTree(output.substring(output.lastIndexOf('\n') + 1));
      System.out.printf(
          "NodeReachabilityIT: unreachable in the members API %d ms after SIGSTOP; the console saw %s%n",
          seenAfter / 1_000_000, seen);
      assertThat(seen.path("reach").asText()).isEqualTo("unreachable");
      assertThat(seen.path("alert").asBoolean()).isTrue();
      assertThat(seen.path("others").toString()).contains("reachable");
      assertThat(seen.path("pageErrors")).isEmpty();
    } finally {
      frozen.resume();
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .alias("the thawed node is reachable again")
        .until(() -> member(watcher, frozenNode).path("reachable").asBoolean(false));
    cluster.awaitOneCluster(cluster.nodes);
  }

  /**
   * Returns how {@code watcher} sees {@code node} in {@code GET /v1/cluster/members}, or a missing
   * node.
   */
  private JsonNode member(NodeProcess watcher, String node) throws Exception {
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(URI.create(watcher.url() + "/v1/cluster/members"))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    for (JsonNode member : JSON.readTree(answer.body()).path("members")) {
      if (member.path("node").asText().equals(node)) {
        return member;
      }
    }
    return JSON.missingNode();
  }
}
