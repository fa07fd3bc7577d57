package io.switchboard.internal.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBatch;

/** The commit delay and sync rate limit of the group commit, on a real RocksDB. */
class GroupCommitWriterTest {
  // Far longer than a sync, so a write that waits for it cannot be mistaken for a slow disk.
  private static final Duration DELAY = Duration.ofSeconds(2);

  @TempDir Path dir;
  private final AtomicLong keys = new AtomicLong();
  private Options options;
  private RocksDB db;
  private GroupCommitWriter writer;

  private GroupCommitWriter open(Durability durability) throws Exception {
    return open(durability, DELAY);
  }

  private GroupCommitWriter open(Durability durability, Duration delay) throws Exception {
    return open(durability, delay, Runnable::run);
  }

  private GroupCommitWriter open(Durability durability, Duration delay, Executor completions)
      throws Exception {
    return open(durability, delay, Duration.ZERO, completions);
  }

  private GroupCommitWriter open(
      Durability durability, Duration delay, Duration minSyncInterval, Executor completions)
      throws Exception {
    RocksDB.loadLibrary();
    options = new Options().setCreateIfMissing(true);
    db = RocksDB.open(options, dir.toString());
    writer =
        new GroupCommitWriter(
            db,
            durability,
            8 << 20,
            delay,
            minSyncInterval,
            new DiskFullState(1_000_000),
            completions,
            "test-writer");
    return writer;
  }

  @AfterEach
  void close() {
    writer.close();
    db.close();
    options.close();
  }

  private JournalWrite put() {
    byte[] key = JournalKeys.entry(1, keys.incrementAndGet());
    return new Put(key, null, null);
  }

  /** One small put; when given latches, it signals {@code entered} and waits for {@code gate}. */
  private record Put(byte[] key, CountDownLatch entered, CountDownLatch gate)
      implements JournalWrite {
    @Override
    public void addTo(WriteBatch batch) throws org.rocksdb.RocksDBException {
      if (gate != null) {
        entered.countDown();
        try {
          gate.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      batch.put(key, new byte[16]);
    }

    @Override
    public int events() {
      return 1;
    }

    @Override
    public long bytes() {
      return 32;
    }
  }

  /** Makes the writer's last batch one of two writes: they queue while it holds a gated write. */
  private void batchOfTwo() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch gate = new CountDownLatch(1);
    CompletableFuture<Void> gated = writer.submit(new Put(JournalKeys.entry(2, 1), entered, gate));
    assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Void> first = writer.submit(put());
    CompletableFuture<Void> second = writer.submit(put());
    gate.countDown();
    CompletableFuture.allOf(gated, first, second).get(30, TimeUnit.SECONDS);
  }

  @Test
  void completesTheWritesOfOneBatchInOneTaskOfTheCompletionExecutor() throws Exception {
    Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    open(Durability.FSYNC, Duration.ZERO, tasks::add);
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch gate = new CountDownLatch(1);
    CompletableFuture<Void> gated = writer.submit(new Put(JournalKeys.entry(2, 1), entered, gate));
    assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
    List<CompletableFuture<Void>> queued = List.of(writer.submit(put()), writer.submit(put()));
    gate.countDown();

    // Synced but not confirmed: confirms wait for the executor, one task per batch.
    await().atMost(Duration.ofSeconds(30)).until(() -> writer.stats().batches() == 2);
    assertThat(tasks).hasSize(2);
    assertThat(gated).isNotDone();
    assertThat(queued).noneMatch(CompletableFuture::isDone);
    tasks.poll().run();
    assertThat(gated).isDone();
    tasks.poll().run();
    assertThat(queued).allMatch(done -> done.isDone() && !done.isCompletedExceptionally());
  }

  @Test
  void confirmsOnTheWriterWhenTheCompletionExecutorIsGone() throws Exception {
    open(
        Durability.FSYNC,
        Duration.ZERO,
        task -> {
          throw new RejectedExecutionException("terminated");
        });
    writer.submit(put()).get(30, TimeUnit.SECONDS);
    assertThat(writer.stats().writes()).isEqualTo(1);
  }

  @Test
  void writesArrivingWithinTheDelayAfterABusyBatchShareOneSync() throws Exception {
    open(Durability.FSYNC);
    batchOfTwo();
    WriteStats before = writer.stats();

    CompletableFuture<Void> waiting = writer.submit(put());
    // It waits for company: the last batch carried several writes.
    assertThatThrownBy(() -> waiting.get(300, TimeUnit.MILLISECONDS))
        .isInstanceOf(TimeoutException.class);
    CompletableFuture<Void> company = writer.submit(put());
    CompletableFuture.allOf(waiting, company).get(30, TimeUnit.SECONDS);

    WriteStats shared = writer.stats().minus(before);
    assertThat(shared.writes()).isEqualTo(2);
    assertThat(shared.syncs()).isEqualTo(1);
  }

  @Test
  void doesNotWaitWhenAsManyWritesAreQueuedAsTheLastBatchHad() throws Exception {
    Duration delay = Duration.ofSeconds(10);
    open(Durability.FSYNC, delay);
    // A batch of three: two writes and a gated one queue while the writer holds a first gate.
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch gate = new CountDownLatch(1);
    CountDownLatch enteredAgain = new CountDownLatch(1);
    CountDownLatch gateAgain = new CountDownLatch(1);
    CompletableFuture<Void> first = writer.submit(new Put(JournalKeys.entry(2, 1), entered, gate));
    assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Void> batch =
        CompletableFuture.allOf(
            writer.submit(put()),
            writer.submit(put()),
            writer.submit(new Put(JournalKeys.entry(2, 2), enteredAgain, gateAgain)));
    gate.countDown();
    assertThat(enteredAgain.await(30, TimeUnit.SECONDS)).isTrue();
    // Three more queue while that batch is held: as many as it had.
    CompletableFuture<Void> next =
        CompletableFuture.allOf(writer.submit(put()), writer.submit(put()), writer.submit(put()));
    long start = System.nanoTime();
    gateAgain.countDown();

    CompletableFuture.allOf(first, batch, next).get(30, TimeUnit.SECONDS);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(delay.dividedBy(2));
  }

  @Test
  void aWriteAfterABatchOfOneIsNotDelayed() throws Exception {
    open(Durability.FSYNC);
    // The first write follows no batch, the second a batch of one.
    writer.submit(put()).get(30, TimeUnit.SECONDS);

    long start = System.nanoTime();
    writer.submit(put()).get(30, TimeUnit.SECONDS);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(DELAY);
  }

  @Test
  void osModeNeverDelays() throws Exception {
    open(Durability.OS);
    batchOfTwo();

    long start = System.nanoTime();
    writer.submit(put()).get(30, TimeUnit.SECONDS);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(DELAY);
  }

  @Test
  void writesArrivingSoonAfterASyncWaitForTheSyncRateLimitAndShareTheNextSync() throws Exception {
    // Far longer than a sync, so a write that waits for it cannot be mistaken for a slow disk.
    open(Durability.FSYNC, Duration.ZERO, DELAY.multipliedBy(2), Runnable::run);
    writer.submit(put()).get(30, TimeUnit.SECONDS);
    WriteStats before = writer.stats();

    CompletableFuture<Void> waiting = writer.submit(put());
    assertThatThrownBy(() -> waiting.get(300, TimeUnit.MILLISECONDS))
        .isInstanceOf(TimeoutException.class);
    CompletableFuture<Void> company = writer.submit(put());
    CompletableFuture.allOf(waiting, company).get(30, TimeUnit.SECONDS);

    WriteStats shared = writer.stats().minus(before);
    assertThat(shared.writes()).isEqualTo(2);
    assertThat(shared.syncs()).isEqualTo(1);
  }

  @Test
  void theSyncRateLimitDoesNotHoldWritesInOsMode() throws Exception {
    open(Durability.OS, Duration.ZERO, DELAY, Runnable::run);
    writer.submit(put()).get(30, TimeUnit.SECONDS);

    long start = System.nanoTime();
    writer.submit(put()).get(30, TimeUnit.SECONDS);

    // The limit would hold this write for DELAY; without syncs there is nothing to space.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(DELAY);
  }
}
