package io.switchboard.runtime.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The journal's fence against the real PostgreSQL: two keepers (two nodes), journal transactions of
 * the first, and the second taking the lease over while the first is (as if) frozen in the middle
 * of a write.
 */
class JournalFenceTest {
  private static final String PARTITION = "switchboard-partition|orders~1~1";

  private final String table = "fence_test_" + System.nanoTime();
  private final PostgresLeaseSettings settings = LeaseDatabase.settings(table);
  private LeaseKeeper first;
  private LeaseKeeper second;
  private JournalFence firstFence;
  private JournalFence secondFence;
  private String lease;

  @BeforeEach
  void startKeepers() throws Exception {
    LeaseDatabase.assumeReachable();
    first = new LeaseKeeper(settings, System::nanoTime);
    second = new LeaseKeeper(settings, System::nanoTime);
    firstFence =
        new JournalFence(
            first, "switchboard", 1000, Map.of("switchboard-registry", "switchboard-registry"));
    secondFence =
        new JournalFence(
            second, "switchboard", 1000, Map.of("switchboard-registry", "switchboard-registry"));
    lease = firstFence.leaseOf(PARTITION).orElseThrow();
    assertThat(first.acquire(lease, first.ownerOf("node-a"), lost -> {}).get(5, TimeUnit.SECONDS))
        .isTrue();
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
  void namesTheLeasesPekkoGivesShardsAndSingletons() {
    // Pekko's HashCodeMessageExtractor: abs(entityId.hashCode % shards)
    assertThat(lease)
        .isEqualTo(
            "switchboard-shard-switchboard-partition-" + Math.abs("orders~1~1".hashCode() % 1000));
    assertThat(firstFence.leaseOf("switchboard-registry"))
        .hasValue(
            "switchboard-singleton-pekko://switchboard/system/singletonManagerswitchboard-registry");
    assertThat(firstFence.leaseOf("somebody-elses-entity")).isEmpty();
  }

  @Test
  void onlyTheHolderMayWrite() throws Exception {
    assertThat(firstFence.unheldLease(PARTITION)).isEmpty();
    assertThat(secondFence.unheldLease(PARTITION)).hasValue(lease);
    try (Connection journal = LeaseDatabase.connect()) {
      journal.setAutoCommit(false);
      firstFence.verify(journal, List.of(PARTITION, "somebody-elses-entity"));
      journal.commit();
      assertThatThrownBy(() -> secondFence.verify(journal, List.of(PARTITION)))
          .isInstanceOf(FencedWriteException.class)
          .hasMessageContaining(lease);
      journal.rollback();
    }
  }

  @Test
  void aTakeoverWaitsForTheOldHoldersOpenWriteAndThenFencesIt() throws Exception {
    try (Connection journal = LeaseDatabase.connect()) {
      journal.setAutoCommit(false);
      firstFence.verify(journal, List.of(PARTITION));
      // the first node freezes here, mid-transaction, and its lease runs out in the table
      expireInTable();

      CompletableFuture<Boolean> takeover =
          second.acquire(lease, second.ownerOf("node-b"), lost -> {});
      assertThatThrownBy(() -> takeover.get(5, TimeUnit.SECONDS))
          .as("the takeover must wait for the open write, not pass it")
          .isInstanceOf(ExecutionException.class);
      assertThat(ownerInTable()).isEqualTo(first.ownerOf("node-a"));

      journal.commit(); // the write lands while the lease is still the first node's
    }
    assertThat(second.acquire(lease, second.ownerOf("node-b"), lost -> {}).get(5, TimeUnit.SECONDS))
        .isTrue();
    try (Connection journal = LeaseDatabase.connect()) {
      journal.setAutoCommit(false);
      assertThatThrownBy(() -> firstFence.verify(journal, List.of(PARTITION)))
          .isInstanceOf(FencedWriteException.class);
      journal.rollback();
    }
  }

  @Test
  void theTableDecidesWhileMemoryStillTrustsTheLease() throws Exception {
    // a keeper renewing every 10 s: between two renewals its memory cannot know the row changed
    PostgresLeaseSettings slow =
        new PostgresLeaseSettings(
            settings.url(),
            settings.user(),
            settings.password(),
            table,
            Duration.ofSeconds(30),
            Duration.ofSeconds(10),
            Duration.ofSeconds(1));
    try (LeaseKeeper thawed = new LeaseKeeper(slow, System::nanoTime)) {
      JournalFence fence = new JournalFence(thawed, "switchboard", 1000, Map.of());
      String other = fence.leaseOf("switchboard-partition|other~1~1").orElseThrow();
      assertThat(
              thawed.acquire(other, thawed.ownerOf("node-c"), lost -> {}).get(5, TimeUnit.SECONDS))
          .isTrue();
      try (Connection connection = LeaseDatabase.connect();
          PreparedStatement takeover =
              connection.prepareStatement(
                  "UPDATE " + table + " SET owner = 'node-d #taken' WHERE name = ?")) {
        takeover.setString(1, other);
        assertThat(takeover.executeUpdate()).isEqualTo(1);
      }

      assertThat(fence.unheldLease("switchboard-partition|other~1~1")).isEmpty();
      try (Connection journal = LeaseDatabase.connect()) {
        journal.setAutoCommit(false);
        assertThatThrownBy(() -> fence.verify(journal, List.of("switchboard-partition|other~1~1")))
            .isInstanceOf(FencedWriteException.class)
            .hasMessageContaining(other);
        journal.rollback();
      }
    }
  }

  @Test
  void aWriterFrozenMidTransactionIsCutOffByTheIdleTimeout() throws Exception {
    try (Connection journal = LeaseDatabase.connect()) {
      try (Statement statement = journal.createStatement()) {
        statement.execute("SET idle_in_transaction_session_timeout = '300ms'");
      }
      journal.setAutoCommit(false);
      firstFence.verify(journal, List.of(PARTITION));
      expireInTable();

      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () ->
                  second
                      .acquire(lease, second.ownerOf("node-b"), lost -> {})
                      .get(5, TimeUnit.SECONDS));
      assertThatThrownBy(journal::commit)
          .as("its session was ended: nothing it sent commits")
          .isInstanceOf(SQLException.class);
    }
    assertThat(ownerInTable()).isEqualTo(second.ownerOf("node-b"));
  }

  private void expireInTable() throws SQLException {
    try (Connection connection = LeaseDatabase.connect();
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE "
                    + table
                    + " SET expires_at = clock_timestamp() - interval '1 second' WHERE name = ?")) {
      update.setString(1, lease);
      assertThat(update.executeUpdate()).isEqualTo(1);
    }
  }

  private String ownerInTable() throws SQLException {
    try (Connection connection = LeaseDatabase.connect();
        PreparedStatement query =
            connection.prepareStatement("SELECT owner FROM " + table + " WHERE name = ?")) {
      query.setString(1, lease);
      try (ResultSet row = query.executeQuery()) {
        return row.next() ? row.getString(1) : null;
      }
    }
  }
}
