package io.switchboard.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The network partition that fencing exists for, with real processes: three nodes on PostgreSQL,
 * clients publishing and consuming on both sides, one node frozen with SIGSTOP long enough for the
 * others to down it and take over its partitions (they cannot reach it, it cannot reach them), then
 * thawed with SIGCONT still believing it holds its leases. Every confirmed message must be
 * delivered, no node may hit the journal's unique key, the zombie must not make a second cluster
 * (it shuts itself down; restarted, it rejoins the one cluster), and the seconds without confirms
 * and the duplicates are printed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@OnSharedNodeCluster
class ZombieNodeIT implements SharedNodeCluster.User {
  private static final String TOPIC = "zombie";

  private NodeCluster cluster;

  @Override
  public void attach(NodeCluster shared) {
    cluster = shared;
  }

  @BeforeAll
  void createTopic() {
    cluster.createTopic(TOPIC, 6);
  }

  @Test
  void aFrozenNodeThawedAfterItWasDownedWritesNothingAndLeavesOneCluster() throws Exception {
    List<NodeProcess> nodes = cluster.nodes;
    List<NodeProcess> majority = nodes.subList(0, 2);
    NodeProcess zombie = nodes.get(2);
    Workload load = new Workload("majority", TOPIC, majority);
    // one consumer group on both sides: a message may be delivered to either side's consumers
    Workload zombieSide = new Workload("zombie-side", TOPIC, List.of(zombie), load.delivered);
    load.start(2, 2);
    zombieSide.start(1, 1);
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> load.confirmed.size() >= 100 && zombieSide.confirmed.size() >= 20);

    long frozenAt = System.nanoTime();
    zombie.suspend();
    cluster.awaitOneCluster(majority);
    long downedAfter = System.nanoTime() - frozenAt;
    int confirmedBefore = load.confirmed.size();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> load.confirmed.size() >= confirmedBefore + 200);

    zombie.resume();
    long thawedAt = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(60))
        .alias("the zombie shuts itself down")
        .until(() -> !zombie.alive());
    long exitedAfter = System.nanoTime() - thawedAt;
    assertThat(zombie.exitValue()).as("a downed node exits with status 1").isEqualTo(1);
    cluster.awaitOneCluster(majority);
    zombieSide.stopProducing();
    zombieSide.stopConsuming();

    cluster.restart(zombie);
    int confirmedAfterRejoin = load.confirmed.size();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> load.confirmed.size() >= confirmedAfterRejoin + 100);
    load.stopProducing();
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> load.missing().isEmpty() && zombieSide.missing().isEmpty());
    } finally {
      load.stopConsuming();
    }
    System.out.printf(
        "ZombieNodeIT: frozen node downed %d ms after SIGSTOP, exited %d ms after SIGCONT; "
            + "majority side: confirmed %d, publishes stood still at most %d ms, duplicates %d, failed "
            + "attempts %d %s; zombie side: confirmed %d, failed attempts %d %s; missing %d; "
            + "journal writes the fence refused on the zombie: %d%n",
        TimeUnit.NANOSECONDS.toMillis(downedAfter),
        TimeUnit.NANOSECONDS.toMillis(exitedAfter),
        load.confirmed.size(),
        TimeUnit.NANOSECONDS.toMillis(load.longestConfirmGapNanos.get()),
        load.duplicates(),
        load.publishFailures.get(),
        load.failureCodes,
        zombieSide.confirmed.size(),
        zombieSide.publishFailures.get(),
        zombieSide.failureCodes,
        load.missing().size() + zombieSide.missing().size(),
        cluster.fencedWrites(zombie));

    assertThat(load.missing()).as("confirmed on the majority side but never delivered").isEmpty();
    assertThat(zombieSide.missing())
        .as("confirmed on the zombie's side but never delivered")
        .isEmpty();
    cluster.assertNoJournalConflict();
  }
}
