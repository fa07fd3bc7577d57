package io.switchboard.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.runtime.lease.FencedWriteException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * Node processes on a scratch PostgreSQL database, started as docs/operations.md says (cluster and
 * postgres profiles, every seed listed on every node), and what the tests ask of them.
 */
final class NodeCluster implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  final List<NodeProcess> nodes = new ArrayList<>();

  /** Processes started beside the cluster's nodes (not members, not seeds), stopped with it. */
  private final List<NodeProcess> outsiders = new ArrayList<>();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String name;
  private final String database;
  private final Path work;
  private final Path config;
  private final Map<String, String> env;
  private final String seeds;
  private final String profiles;

  private NodeCluster(
      String name, int size, String config, String profiles, Map<String, String> env)
      throws Exception {
    this.name = name;
    this.database =
        "switchboard_"
            + name.replaceAll("[^a-z0-9]", "_")
            + "_"
            + System.currentTimeMillis()
            // two test JVMs side by side (-Dit.forks=2) may start a cluster in the same ms
            + "_"
            + ProcessHandle.current().pid();
    ScratchDatabase.execute("CREATE DATABASE " + database);
    this.work = Files.createDirectories(Path.of("target", name, database)).toAbsolutePath();
    this.config = Files.writeString(work.resolve("it.conf"), config);
    this.env = withDatabase(env);
    this.profiles = profiles;
    for (int i = 1; i <= size; i++) {
      nodes.add(new NodeProcess("node-" + i, work));
    }
    this.seeds = nodes.stream().map(NodeProcess::address).collect(Collectors.joining(","));
    System.out.println(name + ": logs in " + work + ", seeds " + seeds);
  }

  /**
   * Starts {@code size} nodes one after the other (three JVMs starting at once on two cores miss
   * each other's heartbeats) and waits until they form one cluster. Skips the test when PostgreSQL
   * is unreachable, unless CI is set.
   */
  static NodeCluster start(String name, int size, String config) throws Exception {
    return start(name, size, config, "cluster,postgres", Map.of());
  }

  /**
   * Starts nodes as {@link #start(String, int, String)} does, with {@code profiles} and {@code env}
   * as well.
   */
  static NodeCluster start(
      String name, int size, String config, String profiles, Map<String, String> env)
      throws Exception {
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    boolean postgres = ScratchDatabase.reachable();
    Assumptions.assumeTrue(
        postgres || ci, "PostgreSQL on 127.0.0.1:5432 is unreachable and CI is not set");
    assertThat(postgres).as("PostgreSQL must be reachable on 127.0.0.1:5432 when CI=true").isTrue();
    NodeCluster cluster = new NodeCluster(name, size, config, profiles, env);
    try {
      // The first seed of a new cluster waits seed-node-timeout (12 s) for the other seeds before
      // it forms the cluster; here they are known not to run yet. Restarts keep the profile's
      // value,
      // which is what keeps a restarted first seed from forming a second cluster.
      cluster.start(cluster.nodes.get(0), List.of("-Dpekko.cluster.seed-node-timeout=1s"));
      cluster.awaitReady(cluster.nodes.get(0));
      for (NodeProcess node : cluster.nodes.subList(1, size)) {
        cluster.start(node);
        cluster.awaitReady(node);
      }
      cluster.awaitOneCluster(cluster.nodes);
      return cluster;
    } catch (Exception | AssertionError e) {
      cluster.close(); // the test class never sees this cluster: nothing else would stop its nodes
      throw e;
    }
  }

  /** Starts (or restarts, with the same command) one node. */
  void start(NodeProcess node) throws Exception {
    start(node, env, List.of());
  }

  /**
   * Starts a process that is not one of the nodes, with the nodes' command and seeds but its own
   * {@code env} (over the database's): one that should not get in.
   */
  NodeProcess startOutsider(String processName, Map<String, String> outsiderEnv) throws Exception {
    NodeProcess outsider = new NodeProcess(processName, work);
    outsiders.add(outsider);
    start(outsider, withDatabase(outsiderEnv), List.of());
    return outsider;
  }

  private void start(NodeProcess node, List<String> jvmOptions) throws Exception {
    start(node, env, jvmOptions);
  }

  private void start(NodeProcess node, Map<String, String> processEnv, List<String> jvmOptions)
      throws Exception {
    Path jar = Path.of(System.getProperty("switchboard.jar", "target/switchboard.jar"));
    assertThat(jar).as("the fat jar (mvn package builds it)").exists();
    node.startInCluster(jar, profiles, config, work, seeds, processEnv, jvmOptions);
  }

  private Map<String, String> withDatabase(Map<String, String> more) {
    Map<String, String> all = new java.util.HashMap<>(more);
    all.put("SWITCHBOARD_PG_URL", ScratchDatabase.url(database));
    all.put("SWITCHBOARD_PG_USER", "postgres");
    return Map.copyOf(all);
  }

  /** Restarts {@code node} with the same command and waits until the cluster is whole again. */
  void restart(NodeProcess node) throws Exception {
    start(node);
    awaitReady(node);
    awaitOneCluster(nodes);
  }

  void awaitReady(NodeProcess node) {
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .alias(node.name + " ready (log: " + node.log() + ")")
        .until(() -> node.alive() && status(node.url() + "/health/ready") == 200);
  }

  /** Waits until every one of {@code members} sees exactly them, all Up: one cluster, not two. */
  void awaitOneCluster(List<NodeProcess> members) {
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .alias(members.size() + " members Up, seen alike from each of them")
        .until(() -> oneCluster(members));
  }

  /** Returns whether every node runs and all see the same members Up, within a few seconds. */
  boolean whole() {
    try {
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> nodes.stream().allMatch(NodeProcess::alive) && oneCluster(nodes));
      return true;
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      return false;
    }
  }

  private boolean oneCluster(List<NodeProcess> members) {
    Set<String> expected =
        members.stream()
            .map(node -> "pekko://switchboard@" + node.address())
            .collect(Collectors.toCollection(TreeSet::new));
    return members.stream().allMatch(node -> expected.equals(upMembers(node)));
  }

  /**
   * Returns the members {@code node} sees, or an empty set when any of them is not Up or it does
   * not answer.
   */
  Set<String> upMembers(NodeProcess node) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + node.managementPort + "/cluster/members"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
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

  /**
   * Creates a durable topic with consumer group "g", as a client would: a retryable answer (503) is
   * retried, and then "exists" means the first attempt was stored.
   */
  void createTopic(String topic, int partitions) {
    createOnce(
        "/v1/topics",
        Map.of("name", topic, "partitions", partitions, "durable", true, "ackLeaseMs", 5000));
    createOnce("/v1/topics/" + topic + "/groups", Map.of("name", "g"));
  }

  private void createOnce(String path, Map<String, Object> body) {
    List<Integer> answers = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .alias("POST " + path + " answered 201 (so far: " + answers + ")")
        .until(
            () -> {
              int status = post(nodes.get(0), path, body);
              answers.add(status);
              // 409 after a 503 or an unanswered attempt: that attempt was stored
              return status == 201
                  || status == 409 && (answers.contains(503) || answers.contains(-1));
            });
  }

  /**
   * Asserts that no node ever hit the journal's unique key: no two writers of one persistence id.
   */
  /**
   * Asserts that no node hit the journal's unique key, and that every journal write a node failed
   * was one the fence refused (a node writing without its lease).
   */
  void assertNoJournalConflict() throws Exception {
    for (NodeProcess node : nodes) {
      String log = Files.readString(node.log());
      assertThat(log)
          .as(node.name + "'s log (" + node.log() + ")")
          .doesNotContain("duplicate key value violates unique constraint");
      for (String entry : log.split("\n(?=\\d\\d:\\d\\d:\\d\\d\\.\\d{3} )")) {
        if (entry.contains("Failed to persist event")) {
          assertThat(entry)
              .as(
                  "a journal failure on "
                      + node.name
                      + " that the fence did not refuse ("
                      + node.log()
                      + ")")
              .contains("refused: lease");
        }
      }
    }
  }

  /** Returns how many journal writes the fence refused on {@code node}. */
  long fencedWrites(NodeProcess node) throws Exception {
    return Files.readString(node.log())
        .lines()
        .filter(line -> line.startsWith("Caused by: " + FencedWriteException.class.getName()))
        .count();
  }

  int status(String url) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  /** Returns the status of the answer, or -1 when none came within 15 s. */
  int post(NodeProcess node, String path, Object body) throws Exception {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(node.url() + path))
                  .timeout(Duration.ofSeconds(15))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (java.net.http.HttpTimeoutException e) {
      return -1;
    }
  }

  /** Kills what still runs and drops the database. */
  @Override
  public void close() {
    nodes.forEach(NodeProcess::stopQuietly);
    outsiders.forEach(NodeProcess::stopQuietly);
    try {
      ScratchDatabase.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    } catch (SQLException e) {
      System.out.println(name + ": could not drop " + database + ": " + e.getMessage());
    }
  }
}
