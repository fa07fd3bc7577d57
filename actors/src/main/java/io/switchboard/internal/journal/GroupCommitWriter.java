package io.switchboard.internal.journal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node-wide group commit: one thread takes every write queued by every persistence id, puts
 * them in one {@link WriteBatch}, writes it (synced in fsync mode) and then completes them all.
 * While it writes, the next writes queue up and share the next batch. In fsync mode, when the
 * previous batch carried writes of several callers and fewer are queued yet, it waits for the
 * commit delay before taking the next batch, so that writes arriving meanwhile share its sync; and
 * it starts syncs no closer together than the sync rate limit allows ({@link SyncPacer}). A
 * committed batch is confirmed in one task of the completion executor: one thread wake-up per batch
 * instead of one per write, and the confirms run where their callbacks run.
 *
 * <p>When a write finds the disk full RocksDB stops taking writes until it sees free space again
 * (see {@link DiskFullState}); meanwhile writes are refused untried, nothing of them stored.
 */
final class GroupCommitWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);
  private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

  private record Pending(JournalWrite write, CompletableFuture<Void> done) {}

  private static final Pending STOP = new Pending(null, null);

  private final RocksDB db;
  private final WriteOptions writeOptions;
  private final boolean syncs;
  private final long maxBatchBytes;
  private final long commitDelayNanos;
  private final SyncPacer pacer;
  private final DiskFullState disk;
  private final Executor completions;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closed;
  // Written by the writer thread only; volatile so that stats() sees recent values.
  private volatile long writes;
  private volatile long events;
  private volatile long batches;
  private volatile long syncCount;
  private volatile long longestWriteNanos;

  GroupCommitWriter(
      RocksDB db,
      Durability durability,
      long maxBatchBytes,
      Duration commitDelay,
      Duration minSyncInterval,
      DiskFullState disk,
      Executor completions,
      String name) {
    this.db = db;
    this.disk = disk;
    this.completions = completions;
    this.syncs = durability == Durability.FSYNC;
    this.writeOptions = new WriteOptions().setSync(syncs);
    this.maxBatchBytes = maxBatchBytes;
    // Without a sync to share, waiting would only add latency.
    this.commitDelayNanos = syncs ? commitDelay.toNanos() : 0;
    this.pacer = new SyncPacer(syncs ? minSyncInterval : Duration.ZERO);
    this.thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Queues a write; the future completes, in a task of the completion executor, once it is
   * committed with the configured durability.
   */
  CompletableFuture<Void> submit(JournalWrite write) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    // Two submitters at most (journal and snapshot store), so the lock is not contended;
    // it keeps a write from slipping in behind STOP and never completing.
    synchronized (this) {
      if (closed) {
        done.completeExceptionally(new IllegalStateException("the journal is closed"));
      } else {
        queue.add(new Pending(write, done));
      }
    }
    return done;
  }

  WriteStats stats() {
    return new WriteStats(writes, events, batches, syncCount, longestWriteNanos / 1000);
  }

  /** Commits what is queued, stops the thread and fails whatever arrives later. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      queue.add(STOP);
    }
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    failAll(new IllegalStateException("the journal is closed"));
    writeOptions.close();
  }

  private void run() {
    try {
      loop();
    } catch (Throwable e) {
      // Nothing would complete the queued writes any more: fail them and every later one.
      log.error("journal writer stopped", e);
      synchronized (this) {
        closed = true;
      }
      failAll(new IllegalStateException("the journal writer stopped: " + e, e));
      throw e;
    }
  }

  private void loop() {
    List<Pending> group = new ArrayList<>();
    long lastLog = System.nanoTime();
    boolean stopping = false;
    int previousWrites = 0;
    while (!stopping) {
      try {
        group.add(queue.take());
      } catch (InterruptedException e) {
        break;
      }
      if (previousWrites > 1
          && commitDelayNanos > 0
          && group.get(0) != STOP
          && queue.size() + 1 < previousWrites) {
        // Several callers were writing and fewer have written yet: the others are likely on their
        // way (when as many are queued, as under full load, waiting would only add latency). A
        // plain park, not a timed poll: each arriving write would wake the thread again.
        LockSupport.parkNanos(commitDelayNanos);
      }
      if (group.get(0) != STOP) {
        awaitSyncSlot();
      }
      long bytes = 0;
      Pending next;
      while (bytes < maxBatchBytes && (next = queue.poll()) != null) {
        group.add(next);
        bytes += next == STOP ? 0 : next.write.bytes();
      }
      stopping = group.remove(STOP);
      previousWrites = group.size();
      commit(group);
      group.clear();
      if (log.isDebugEnabled() && System.nanoTime() - lastLog > LOG_EVERY_NANOS) {
        lastLog = System.nanoTime();
        WriteStats stats = stats();
        log.debug(
            "journal group commit: {} writes, {} events, {} batches, {} syncs, {} events/sync",
            stats.writes(),
            stats.events(),
            stats.batches(),
            stats.syncs(),
            String.format("%.1f", stats.eventsPerSync()));
      }
    }
  }

  /**
   * Waits until the sync rate limit lets the next sync start; the writes that queue meanwhile join
   * its batch. Parks rather than polls, so arriving writes do not wake the thread.
   */
  private void awaitSyncSlot() {
    long wait;
    while ((wait = pacer.waitNanos(System.nanoTime())) > 0) {
      LockSupport.parkNanos(wait);
    }
  }

  private void commit(List<Pending> group) {
    if (!disk.mayWrite(System.nanoTime())) {
      JournalFullException refused =
          new JournalFullException(
              "the journal's disk is full: the write "
                  + "was refused and not stored; it is retried once space is freed",
              false,
              null);
      group.forEach(p -> p.done.completeExceptionally(refused));
      return;
    }
    List<Pending> inBatch = new ArrayList<>(group.size());
    WriteBatch batch = new WriteBatch();
    try {
      for (Pending pending : group) {
        if (pending.write.readsCommittedState() && !inBatch.isEmpty()) {
          write(batch, inBatch);
          batch.close();
          batch = new WriteBatch();
          inBatch.clear();
        }
        batch.setSavePoint();
        try {
          pending.write.addTo(batch);
          inBatch.add(pending);
        } catch (RocksDBException | RuntimeException e) {
          batch.rollbackToSavePoint();
          pending.done.completeExceptionally(e);
        }
      }
      if (!inBatch.isEmpty()) {
        write(batch, inBatch);
      }
    } catch (RocksDBException e) {
      // Only a failed savepoint rollback gets here: the batch is unusable, fail what is in it.
      inBatch.forEach(p -> p.done.completeExceptionally(e));
    } finally {
      batch.close();
    }
  }

  private void write(WriteBatch batch, List<Pending> inBatch) {
    long start = System.nanoTime();
    if (syncs) {
      pacer.started(start);
    }
    try {
      db.write(writeOptions, batch);
    } catch (RocksDBException e) {
      Exception failure = e;
      if (JournalFullException.isNoSpace(e)) {
        if (!disk.full()) {
          log.warn("journal disk full, refusing writes until space is freed: {}", e.getMessage());
        }
        disk.markFull(System.nanoTime());
        failure =
            new JournalFullException(
                "the journal's disk is full: the write may or may not "
                    + "be stored ("
                    + e.getMessage()
                    + ")",
                true,
                e);
      }
      Exception cause = failure;
      inBatch.forEach(p -> p.done.completeExceptionally(cause));
      return;
    }
    long eventCount = 0;
    for (Pending pending : inBatch) {
      eventCount += pending.write.events();
      pending.write.committed();
    }
    writes += inBatch.size();
    events += eventCount;
    batches++;
    longestWriteNanos = Math.max(longestWriteNanos, System.nanoTime() - start);
    if (syncs) {
      syncCount++;
    }
    List<Pending> committed = List.copyOf(inBatch);
    Runnable confirm = () -> committed.forEach(p -> p.done.complete(null));
    try {
      completions.execute(confirm);
    } catch (RejectedExecutionException e) {
      // The dispatcher is gone (the system is terminating): confirm here rather than never.
      confirm.run();
    }
  }

  private void failAll(Exception cause) {
    Pending pending;
    while ((pending = queue.poll()) != null) {
      if (pending != STOP) {
        pending.done.completeExceptionally(cause);
      }
    }
  }
}
