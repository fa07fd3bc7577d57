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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three node processes on PostgreSQL; producers and consumers over HTTP while one node is
 * killed (SIGKILL), then while another leaves gracefully (SIGTERM). Every confirmed message
 * must be delivered; duplicates and recovery times are printed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailoverIT {
  private static final String TOPIC = "failover";
  private static final int PARTITIONS = 6;
  private static final int PULL_MAX = 50;
  private static final int CONSUMERS = 2;
  private static final int PREFETCH = 32;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final String database = "switchboard_it_" + System.currentTimeMillis();
  private Path work;
  private Path config;
  private Map<String, String> env;
  private List<NodeProcess> nodes;

  @BeforeAll
  void startCluster() throws Exception {
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    boolean postgres = ScratchDatabase.reachable();
    Assumptions.assumeTrue(postgres || ci, "PostgreSQL on 127.0.0.1:5432 is unreachable and CI is not set");
    assertThat(postgres).as("PostgreSQL must be reachable on 127.0.0.1:5432 when CI=true").isTrue();
    ScratchDatabase.execute("CREATE DATABASE " + database);

    work = Files.createDirectories(Path.of("target", "failover-it", database)).toAbsolutePath();
    config = Files.writeString(work.resolve("it.conf"), String.join("\n",
        "pekko.cluster.split-brain-resolver.stable-after = 5s",
        "switchboard.pull.prefetch = " + PREFETCH));
    env = Map.of("SWITCHBOARD_PG_URL", ScratchDatabase.url(database), "SWITCHBOARD_PG_USER", "postgres");
    nodes = List.of(new NodeProcess("node-1", work), new NodeProcess("node-2", work),
        new NodeProcess("node-3", work));
    System.out.println("FailoverIT: logs in " + work);

    start(nodes.get(0));
    awaitReady(nodes.get(0));
    start(nodes.get(1));
    start(nodes.get(2));
    awaitReady(nodes.get(1));
    awaitReady(nodes.get(2));
    awaitMembersUp(3);

    assertThat(post(nodes.get(0), "/v1/topics", Map.of("name", TOPIC, "partitions", PARTITIONS,
        "durable", true, "ackLeaseMs", 5000))).isEqualTo(201);
    assertThat(post(nodes.get(0), "/v1/topics/" + TOPIC + "/groups", Map.of("name", "g"))).isEqualTo(201);
  }

  @AfterAll
  void stopCluster() {
    if (nodes != null) {
      nodes.forEach(NodeProcess::stopQuietly);
    }
    try {
      ScratchDatabase.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    } catch (SQLException e) {
      System.out.println("FailoverIT: could not drop " + database + ": " + e.getMessage());
    }
  }

  @Test
  @Order(1)
  void survivorsDeliverEveryConfirmedMessageAfterAKill() throws Exception {
    Workload load = new Workload("kill", TOPIC, nodes);
    load.start(2, CONSUMERS);
    await().atMost(Duration.ofSeconds(30)).until(() -> load.confirmed.size() >= 100);

    NodeProcess victim = nodes.get(2);
    long killedAt = System.nanoTime();
    victim.kill();
    int confirmedBefore = load.confirmed.size();
    await().atMost(Duration.ofSeconds(60)).until(() -> load.confirmed.size() >= confirmedBefore + 200);
    long recovered = Math.max(0, load.lastPublishFailureNanos.get() - killedAt);
    load.stopProducing();

    drain(load);
    report("SIGKILL of " + victim.name, load, recovered);
    assertThat(load.missing()).as("confirmed but never delivered").isEmpty();
  }

  @Test
  @Order(2)
  void gracefulLeaveHandsOverWithoutExtraDuplicates() throws Exception {
    NodeProcess restarted = nodes.get(2);
    awaitMembersUp(2);
    start(restarted);
    awaitReady(restarted);
    awaitMembersUp(3);

    Workload load = new Workload("leave", TOPIC, nodes);
    load.start(2, CONSUMERS);
    await().atMost(Duration.ofSeconds(30)).until(() -> load.confirmed.size() >= 100);

    NodeProcess leaving = nodes.get(1);
    long stoppedAt = System.nanoTime();
    assertThat(leaving.terminate(60)).as(leaving.name + " exits after SIGTERM").isTrue();
    long leftAfter = System.nanoTime() - stoppedAt;
    int confirmedBefore = load.confirmed.size();
    await().atMost(Duration.ofSeconds(60)).until(() -> load.confirmed.size() >= confirmedBefore + 200);
    long recovered = Math.max(0, load.lastPublishFailureNanos.get() - stoppedAt);
    load.stopProducing();

    drain(load);
    report("SIGTERM of " + leaving.name + " (left in " + TimeUnit.NANOSECONDS.toMillis(leftAfter) + " ms)",
        load, recovered);
    assertThat(load.missing()).as("confirmed but never delivered").isEmpty();
    long inFlightBound = (long) PARTITIONS * PREFETCH + (long) CONSUMERS * PULL_MAX;
    assertThat(load.duplicates()).as("duplicates beyond in-flight leases").isLessThanOrEqualTo(inFlightBound);
  }

  private void drain(Workload load) throws InterruptedException {
    try {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
          .until(() -> load.missing().isEmpty());
    } finally {
      load.stopConsuming();
    }
  }

  private static void report(String what, Workload load, long recoveredNanos) {
    System.out.printf("FailoverIT %s: confirmed %d, delivered %d distinct, missing %d, duplicates %d, "
            + "failed publish attempts %d, publishes recovered %d ms after the event%n",
        what, load.confirmed.size(), load.delivered.size(), load.missing().size(), load.duplicates(),
        load.publishFailures.get(), TimeUnit.NANOSECONDS.toMillis(recoveredNanos));
  }

  private void start(NodeProcess node) throws Exception {
    Path jar = Path.of(System.getProperty("switchboard.jar", "target/switchboard.jar"));
    assertThat(jar).as("the fat jar (mvn package builds it)").exists();
    node.startInCluster(jar, config, work, nodes.get(0).address(), env);
  }

  private void awaitReady(NodeProcess node) {
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
        .alias(node.name + " ready (log: " + node.log() + ")")
        .until(() -> node.alive() && get(node, "/health/ready") == 200);
  }

  private void awaitMembersUp(int count) {
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
        .alias(count + " members Up")
        .until(() -> upMembers() == count);
  }

  private long upMembers() {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(
          "http://127.0.0.1:" + nodes.get(0).managementPort + "/cluster/members")).build(),
          HttpResponse.BodyHandlers.ofString());
      JsonNode members = JSON.readTree(response.body()).path("members");
      long up = 0;
      for (JsonNode member : members) {
        up += member.path("status").asText().equals("Up") ? 1 : 0;
      }
      return members.size() == up ? up : -1;
    } catch (Exception e) {
      return -1;
    }
  }

  private int get(NodeProcess node, String path) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(node.url() + path)).build(),
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
