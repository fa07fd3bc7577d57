package io.switchboard.internal.journal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the disk back after events are deleted. A range deletion only hides events; RocksDB drops
 * them when a compaction passes over them, and once writes stop nothing compacts: the files (and
 * the write-ahead logs that memtables still pin) stay. So every interval, when events were deleted,
 * this flushes the memtables and compacts the whole journal — but only once as many bytes were
 * written since the last compaction as it left behind (or the journal went quiet), so that a large
 * live backlog is not rewritten every interval.
 */
final class Compactor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Compactor.class);
  private static final long MIN_BYTES = 64L << 20;

  private final RocksDB db;
  private final List<ColumnFamilyHandle> families;
  private final ScheduledExecutorService timer;
  // Not exclusive: RocksDB's own compactions go on meanwhile. Cancelled at close.
  private final CompactRangeOptions compactOptions =
      new CompactRangeOptions().setExclusiveManualCompaction(false);
  private final AtomicBoolean deleted = new AtomicBoolean();
  private final AtomicLong written = new AtomicLong();
  private long writtenAtLastCheck;
  private long leftAfterLastCompaction;

  Compactor(RocksDB db, List<ColumnFamilyHandle> families, Duration interval) {
    this.db = db;
    this.families = families;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "switchboard-journal-compactor");
              thread.setDaemon(true);
              return thread;
            });
    if (!interval.isZero()) {
      long millis = interval.toMillis();
      timer.scheduleWithFixedDelay(this::check, millis, millis, TimeUnit.MILLISECONDS);
    }
  }

  /** Counts bytes written to the journal. */
  void written(long bytes) {
    written.addAndGet(bytes);
  }

  /** Notes that events were deleted. */
  void deleted() {
    deleted.set(true);
  }

  private void check() {
    long total = written.get();
    long sinceCheck = total - writtenAtLastCheck;
    writtenAtLastCheck = total;
    boolean quiet = sinceCheck == 0;
    if (!deleted.get() || (!quiet && total < Math.max(MIN_BYTES, leftAfterLastCompaction))) {
      return;
    }
    deleted.set(false);
    written.addAndGet(-total);
    writtenAtLastCheck = written.get();
    try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      long start = System.nanoTime();
      // Flushing every family lets RocksDB drop the write-ahead logs they pinned.
      db.flush(flush, families);
      for (ColumnFamilyHandle family : families) {
        db.compactRange(family, null, null, compactOptions);
      }
      leftAfterLastCompaction = db.getAggregatedLongProperty("rocksdb.total-sst-files-size");
      log.debug(
          "journal compacted in {} ms, {} bytes of table files left",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
          leftAfterLastCompaction);
    } catch (RocksDBException e) {
      log.warn("journal compaction failed (retried at the next interval): {}", e.getMessage());
      deleted.set(true);
    }
  }

  /** Stops the timer and cancels a running compaction; returns once it has stopped. */
  @Override
  public void close() {
    compactOptions.setCanceled(true);
    timer.shutdownNow();
    try {
      timer.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    compactOptions.close();
  }
}
