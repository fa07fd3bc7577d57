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
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Three node processes on PostgreSQL started as docs/operations.md says (every seed listed on
 * every node); the first seed is killed with SIGKILL and restarted with the same command while
 * clients publish and consume. It must join the running cluster (one cluster, seen alike from
 * every node), publishes must keep being confirmed, and no node may ever hit the journal's
 * unique key (two writers of one persistence id).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestartedSeedIT {
  private static final String TOPIC = "restart";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final String database = "switchboard_seed_it_" + System.currentTimeMillis();
  private Path work;
  private Path config;
  private Map<String, String> env;
  private List<NodeProcess> nodes;
  private String seeds;

  @BeforeAll
  void startCluster() throws Exception {
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    boolean postgres = ScratchDatabase.reachable();
    Assumptions.assumeTrue(postgres || ci, "PostgreSQL on 127.0.0.1:5432 is unreachable and CI is not set");
    assertThat(postgres).as("PostgreSQL must be reachable on 127.0.0.1:5432 when CI=true").isTrue();
    ScratchDatabase.execute("CREATE DATABASE " + database);

    work = Files.createDirectories(Path.of("target", "restarted-seed-it", database)).toAbsolutePath();
    config = Files.writeString(work.resolve("it.conf"), "pekko.cluster.split-brain-resolver.stable-after = 5s\n");
    env = Map.of("SWITCHBOARD_PG_URL", ScratchDatabase.url(database), "SWITCHBOARD_PG_USER", "postgres");
    nodes = List.of(new NodeProcess("node-1", work), new NodeProcess("node-2", work),
        new NodeProcess("node-3", work));
    seeds = nodes.stream().map(NodeProcess::address).collect(Collectors.joining(","));
    System.out.println("RestartedSeedIT: logs in " + work + ", seeds " + seeds);

    // one after the other: three JVMs starting at once on two cores miss each other's heartbeats
    for (NodeProcess node : nodes) {
      start(node);
      awaitReady(node);
    }
    awaitOneCluster(nodes, 3);
    assertThat(post(nodes.get(1), "/v1/topics", Map.of("name", TOPIC, "partitions", 6,
        "durable", true, "ackLeaseMs", 5000))).isEqualTo(201);
    assertThat(post(nodes.get(1), "/v1/topics/" + TOPIC + "/groups", Map.of("name", "g"))).isEqualTo(201);
  }

  @AfterAll
  void stopCluster() {
    if (nodes != null) {
      nodes.forEach(NodeProcess::stopQuietly);
    }
    try {
      ScratchDatabase.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    } catch (SQLException e) {
      System.out.println("RestartedSeedIT: could not drop " + database + ": " + e.getMessage());
    }
  }

  @Test
  void aKilledSeedRestartedWithTheSameCommandJoinsTheRunningCluster() throws Exception {
    Workload load = new Workload("restart", TOPIC, nodes);
    load.start(2, 2);
    await().atMost(Duration.ofSeconds(30)).until(() -> load.confirmed.size() >= 100);

    NodeProcess seed = nodes.get(0);
    List<NodeProcess> survivors = nodes.subList(1, 3);
    long killedAt = System.nanoTime();
    seed.kill();
    awaitOneCluster(survivors, 2);
    long downedAfter = System.nanoTime() - killedAt;
    start(seed);
    awaitReady(seed);
    long rejoinedAfter = System.nanoTime() - killedAt;
    awaitOneCluster(nodes, 3);

    int confirmedBefore = load.confirmed.size();
    await().atMost(Duration.ofSeconds(60)).until(() -> load.confirmed.size() >= confirmedBefore + 300);
    load.stopProducing();
    try {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> load.missing().isEmpty());
    } finally {
      load.stopConsuming();
    }
    System.out.printf("RestartedSeedIT: seed downed %d ms after SIGKILL, restarted and ready %d ms after; "
            + "confirmed %d, delivered %d distinct, duplicates %d, failed publish attempts %d%n",
        TimeUnit.NANOSECONDS.toMillis(downedAfter), TimeUnit.NANOSECONDS.toMillis(rejoinedAfter),
        load.confirmed.size(), load.delivered.size(), load.duplicates(), load.publishFailures.get());

    assertThat(load.missing()).as("confirmed but never delivered").isEmpty();
    for (NodeProcess node : nodes) {
      assertThat(Files.readString(node.log())).as(node.name + "'s log (" + node.log() + ")")
          .doesNotContain("duplicate key value violates unique constraint")
          .doesNotContain("Failed to persist event");
    }
  }

  private void start(NodeProcess node) throws Exception {
    Path jar = Path.of(System.getProperty("switchboard.jar", "target/switchboard.jar"));
    assertThat(jar).as("the fat jar (mvn package builds it)").exists();
    node.startInCluster(jar, config, work, seeds, env);
  }

  private void awaitReady(NodeProcess node) {
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
        .alias(node.name + " ready (log: " + node.log() + ")")
        .until(() -> node.alive() && status(node.url() + "/health/ready") == 200);
  }

  /** Waits until every one of {@code members} sees exactly them, all Up: one cluster, not two. */
  private void awaitOneCluster(List<NodeProcess> members, int count) {
    Set<String> expected = members.stream().map(node -> "pekko://switchboard@" + node.address())
        .collect(Collectors.toCollection(TreeSet::new));
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
        .alias(count + " members Up, seen alike from each of them")
        .until(() -> members.stream().allMatch(node -> expected.equals(upMembers(node))));
  }

  /** Returns the members {@code node} sees, or an empty set when any of them is not Up. */
  private Set<String> upMembers(NodeProcess node) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(
          "http://127.0.0.1:" + node.managementPort + "/cluster/members")).build(),
          HttpResponse.BodyHandlers.ofString());
      Set<String> up = new TreeSet<>();
      for (JsonNode member : JSON.readTree(response.body()).path("members")) {
        if (!member.path("status").asText().equals("Up")) {
          return Set.of();
        }
        up.add(member.path("node").asText());
      }
      return up;
    } catch (Exception e) {
      return Set.of();
    }
  }

  private int status(String url) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private int post(NodeProcess node, String path, Object body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(node.url() + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
