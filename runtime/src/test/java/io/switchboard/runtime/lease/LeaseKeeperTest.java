package io.switchboard.runtime.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two keepers (two nodes) against the real PostgreSQL. */
class LeaseKeeperTest {
  private static final String NAME = "switchboard-shard-partition-7";

  private final String table = "lease_test_" + System.nanoTime();
  private final PostgresLeaseSettings settings = LeaseDatabase.settings(table);
  private LeaseKeeper first;
  private LeaseKeeper second;

  @BeforeEach
  void startKeepers() {
    LeaseDatabase.assumeReachable();
    first = new LeaseKeeper(settings, System::nanoTime);
    second = new LeaseKeeper(settings, System::nanoTime);
  }

  @AfterEach
  void stopKeepers() throws SQLException {
    if (first != null) {
      first.close();
      second.close();
      LeaseDatabase.drop(table);
    }
  }

  @Test
  void twoOwnersContendAndExactlyOneHoldsTheLease() throws Exception {
    CompletableFuture<Boolean> a = first.acquire(NAME, first.ownerOf("node-a"), lost -> {});
    CompletableFuture<Boolean> b = second.acquire(NAME, second.ownerOf("node-b"), lost -> {});
    List<Boolean> results = List.of(a.get(5, TimeUnit.SECONDS), b.get(5, TimeUnit.SECONDS));

    assertThat(results).containsExactlyInAnyOrder(true, false);
    LeaseKeeper winner = results.get(0) ? first : second;
    LeaseKeeper loser = results.get(0) ? second : first;
    assertThat(winner.holds(NAME)).isTrue();
    assertThat(loser.holds(NAME)).isFalse();
    // the winner keeps it past several times to live: its heartbeat renews it
    await()
        .pollDelay(Duration.ofSeconds(5))
        .atMost(Duration.ofSeconds(7))
        .until(() -> winner.holds(NAME));
    assertThat(loser.acquire(NAME, loser.ownerOf("node-x"), lost -> {}).get(5, TimeUnit.SECONDS))
        .isFalse();
  }

  @Test
  void theSameOwnerReacquiresButANewIncarnationAtTheSameAddressDoesNot() throws Exception {
    assertThat(first.acquire(NAME, first.ownerOf("node-a"), lost -> {}).get(5, TimeUnit.SECONDS))
        .isTrue();
    assertThat(first.acquire(NAME, first.ownerOf("node-a"), lost -> {}).get(5, TimeUnit.SECONDS))
        .isTrue();
    // a restarted node has the same address but another incarnation
    assertThat(second.acquire(NAME, second.ownerOf("node-a"), lost -> {}).get(5, TimeUnit.SECONDS))
        .isFalse();
  }

  @Test
  void releaseHandsTheLeaseOverAtOnce() throws Exception {
    assertThat(first.acquire(NAME, first.ownerOf("node-a"), lost -> {}).get(5, TimeUnit.SECONDS))
        .isTrue();
    assertThat(first.release(NAME).get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(first.holds(NAME)).isFalse();
    assertThat(second.acquire(NAME, second.ownerOf("node-b"), lost -> {}).get(5, TimeUnit.SECONDS))
        .isTrue();
  }

  @Test
  void aCrashedOwnersLeaseExpiresAndHandsOver() throws Exception {
    // an owner that took the lease and died: nobody renews its row
    try (LeaseTable crashed = new LeaseTable(settings)) {
      crashed.createIfMissing();
      assertThat(crashed.acquire(NAME, "node-a #crashed")).isTrue();
    }
    long start = System.nanoTime();
    assertThat(second.acquire(NAME, second.ownerOf("node-b"), lost -> {}).get(5, TimeUnit.SECONDS))
        .isFalse();

    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                second
                    .acquire(NAME, second.ownerOf("node-b"), lost -> {})
                    .get(5, TimeUnit.SECONDS));
    assertThat(System.nanoTime() - start)
        .isGreaterThanOrEqualTo(settings.timeToLive().toNanos() * 9 / 10);
    assertThat(ownerInTable()).isEqualTo(second.ownerOf("node-b"));
  }

  @Test
  void anOwnerThatCannotRenewLosesTheLeaseAndKnowsIt() throws Exception {
    AtomicReference<Optional<Throwable>> lost = new AtomicReference<>();
    assertThat(first.acquire(NAME, first.ownerOf("node-a"), lost::set).get(5, TimeUnit.SECONDS))
        .isTrue();

    // Hold the row locked: the owner's renewals wait and time out, as if it were paused or cut
    // off from the database. Past the time to live it must say it lost the lease.
    try (Connection blocker = LeaseDatabase.connect()) {
      blocker.setAutoCommit(false);
      try (PreparedStatement lock =
          blocker.prepareStatement("SELECT owner FROM " + table + " WHERE name = ? FOR UPDATE")) {
        lock.setString(1, NAME);
        lock.executeQuery().close();
      }
      long locked = System.nanoTime();
      await()
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> !first.holds(NAME));
      // its last renewal was sent before the lock: it stops trusting the lease within the time to
      // live of the lock (plus this test's polling)
      assertThat(System.nanoTime() - locked)
          .isLessThanOrEqualTo(settings.timeToLive().plusMillis(250).toNanos());
      await().atMost(Duration.ofSeconds(5)).until(() -> lost.get() != null);
      assertThat(lost.get())
          .hasValueSatisfying(cause -> assertThat(cause).hasMessageContaining("lost"));
      // the table lets the lease go at the same moment or later, never before the owner knows
      blocker.rollback();
    }

    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> second.acquire(NAME, second.ownerOf("node-b"), l -> {}).get(5, TimeUnit.SECONDS));
    assertThat(first.holds(NAME)).isFalse();
    assertThat(ownerInTable()).isEqualTo(second.ownerOf("node-b"));
  }

  private String ownerInTable() throws SQLException {
    try (Connection connection = LeaseDatabase.connect();
        PreparedStatement query =
            connection.prepareStatement("SELECT owner FROM " + table + " WHERE name = ?")) {
      query.setString(1, NAME);
      try (ResultSet row = query.executeQuery()) {
        return row.next() ? row.getString(1) : null;
      }
    }
  }
}
