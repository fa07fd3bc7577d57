package io.switchboard.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.Switchboard;
import io.switchboard.internal.partition.DurablePartition;
import io.switchboard.runtime.node.NodeConfig;
import io.switchboard.runtime.node.NodeSettings;
import io.switchboard.runtime.node.SwitchboardNode;
import io.switchboard.testing.QuickStop;
import io.switchboard.topic.GroupConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The metrics poll against a real node over real HTTP: many idle topics, gauges, deletions. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TopicStatsPollerTest {
  private static final int TOPICS = 2_000;
  // the HTTP API's own ask timeout: "promptly" means before the node would give up itself
  private static final Duration ANSWER_WITHIN = Duration.ofSeconds(15);

  private final HttpClient http = HttpClient.newHttpClient();
  private SwitchboardNode node;
  private Switchboard switchboard;

  @BeforeAll
  void start(@TempDir Path dir) throws IOException {
    Path config =
        Files.writeString(
            dir.resolve("test.conf"),
            QuickStop.CONFIG
                + String.join(
                    "\n",
                    "switchboard.node.stats-interval = 200ms",
                    "switchboard.topic-defaults.partitions = 1",
                    "switchboard.partition.passivate-after = 1s"));
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
    node =
        SwitchboardNode.start(NodeConfig.load(settings))
            .toCompletableFuture()
            .orTimeout(90, TimeUnit.SECONDS)
            .join();
    node.ready().toCompletableFuture().orTimeout(90, TimeUnit.SECONDS).join();
    switchboard = Switchboard.get(node.system());
  }

  @AfterAll
  void stop() {
    if (node != null) {
      node.stop().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
    }
  }

  @Test
  void manyIdleTopicsLeaveTheNodeResponsiveAndAsleep() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < TOPICS; i++) {
      names.add("many-" + i);
    }
    for (int from = 0; from < TOPICS; from += 100) {
      CompletableFuture.allOf(
              names.subList(from, from + 100).stream()
                  .map(
                      name ->
                          switchboard
                              .createTopic(switchboard.topicDefaults(name))
                              .toCompletableFuture())
                  .toArray(CompletableFuture[]::new))
          .join();
    }

    assertThat(get("/health/alive").statusCode()).isEqualTo(200);
    assertThat(post("/v1/topics/many-7/messages", "{\"payload\":{\"n\":1}}").statusCode())
        .isEqualTo(200);
    // a poll that ran after every topic existed has published the number of many-7
    await()
        .atMost(ANSWER_WITHIN)
        .untilAsserted(
            () ->
                assertThat(metrics())
                    .contains("switchboard_topic_published{topic=\"many-7\"} 1.0"));
    assertThat(get("/health/alive").statusCode()).isEqualTo(200);
    assertThat(post("/v1/topics/many-8/messages", "{\"payload\":{\"n\":2}}").statusCode())
        .isEqualTo(200);
    // the polls woke no idle partition: only the two that took a message ever ran
    assertThat(runningPartitions()).isLessThanOrEqualTo(2);
  }

  @Test
  void keepsTheLastNumbersOfAPassivatedPartition() {
    switchboard.createTopic(switchboard.topicDefaults("sleepy")).toCompletableFuture().join();
    switchboard.createTopic(switchboard.topicDefaults("awake")).toCompletableFuture().join();
    assertThat(post("/v1/topics/sleepy/messages", "{\"payload\":1}").statusCode()).isEqualTo(200);
    await()
        .atMost(ANSWER_WITHIN)
        .untilAsserted(
            () ->
                assertThat(metrics())
                    .contains("switchboard_topic_published{topic=\"sleepy\"} 1.0"));
    // polling every 200 ms does not keep it running: it passivates after its idle second
    await().atMost(ANSWER_WITHIN).until(() -> !running().contains("sleepy~"));

    assertThat(post("/v1/topics/awake/messages", "{\"payload\":1}").statusCode()).isEqualTo(200);
    await()
        .atMost(ANSWER_WITHIN)
        .untilAsserted(
            () ->
                assertThat(metrics()).contains("switchboard_topic_published{topic=\"awake\"} 1.0"));
    assertThat(metrics()).contains("switchboard_topic_published{topic=\"sleepy\"} 1.0");
    assertThat(running()).doesNotContain("sleepy~");
  }

  @Test
  void dropsTheGaugesOfADeletedTopic() {
    switchboard.createTopic(switchboard.topicDefaults("doomed")).toCompletableFuture().join();
    switchboard.createGroup("doomed", "g", GroupConfig.DEFAULT).toCompletableFuture().join();
    assertThat(post("/v1/topics/doomed/messages", "{\"payload\":1}").statusCode()).isEqualTo(200);
    await()
        .atMost(ANSWER_WITHIN)
        .untilAsserted(
            () ->
                assertThat(metrics())
                    .contains("switchboard_group_backlog{group=\"g\",topic=\"doomed\"} 1.0"));

    switchboard.deleteTopic("doomed").toCompletableFuture().join();
    // the HTTP counters stay (what this node saw); the gauges of the topic go
    await()
        .atMost(ANSWER_WITHIN)
        .untilAsserted(
            () ->
                assertThat(metrics())
                    .doesNotContain("switchboard_group_backlog{group=\"g\",topic=\"doomed\"}")
                    .doesNotContain("switchboard_topic_published{topic=\"doomed\"}")
                    .doesNotContain(
                        "switchboard_partition_stored{partition=\"0\",topic=\"doomed\"}"));
  }

  private int runningPartitions() {
    return running().split("\n").length - 1;
  }

  /** Returns the entity ids of the durable partitions running on the node, one a line. */
  private String running() {
    ShardRegion.CurrentShardRegionState state =
        AskPattern.<ClusterShardingQuery, ShardRegion.CurrentShardRegionState>ask(
                ClusterSharding.get(node.system()).shardState(),
                replyTo -> new GetShardRegionState(DurablePartition.ENTITY_TYPE_KEY, replyTo),
                ANSWER_WITHIN,
                node.system().scheduler())
            .toCompletableFuture()
            .join();
    StringBuilder ids = new StringBuilder("\n");
    state
        .getShards()
        .forEach(shard -> shard.getEntityIds().forEach(id -> ids.append(id).append('\n')));
    return ids.toString();
  }

  private String metrics() {
    return get("/metrics").body();
  }

  private HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  private HttpResponse<String> post(String path, String json) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + node.httpAddress().getPort() + path);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(
          request.timeout(ANSWER_WITHIN).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
