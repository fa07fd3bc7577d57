package io.switchboard.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
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

  private NodeCluster cluster;

  @BeforeAll
  void startCluster() throws Exception {
    cluster = NodeCluster.start("restarted-seed-it", 3, "");
    cluster.createTopic(TOPIC, 6);
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aKilledSeedRestartedWithTheSameCommandJoinsTheRunningCluster() throws Exception {
    List<NodeProcess> nodes = cluster.nodes;
    Workload load = new Workload("restart", TOPIC, nodes);
    load.start(2, 2);
    await().atMost(Duration.ofSeconds(90)).until(() -> load.confirmed.size() >= 100);

    NodeProcess seed = nodes.get(0);
    long killedAt = System.nanoTime();
    seed.kill();
    cluster.awaitOneCluster(nodes.subList(1, 3));
    long downedAfter = System.nanoTime() - killedAt;
    cluster.restart(seed);
    long rejoinedAfter = System.nanoTime() - killedAt;

    int confirmedBefore = load.confirmed.size();
    await().atMost(Duration.ofSeconds(60)).until(() -> load.confirmed.size() >= confirmedBefore + 300);
    load.stopProducing();
    try {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> load.missing().isEmpty());
    } finally {
      load.stopConsuming();
    }
    System.out.printf("RestartedSeedIT: seed downed %d ms after SIGKILL, restarted and joined %d ms after; "
            + "confirmed %d, delivered %d distinct, duplicates %d, failed publish attempts %d %s%n",
        TimeUnit.NANOSECONDS.toMillis(downedAfter), TimeUnit.NANOSECONDS.toMillis(rejoinedAfter),
        load.confirmed.size(), load.delivered.size(), load.duplicates(), load.publishFailures.get(),
        load.failureCodes);

    assertThat(load.missing()).as("confirmed but never delivered").isEmpty();
    cluster.assertNoJournalConflict();
  }
}
