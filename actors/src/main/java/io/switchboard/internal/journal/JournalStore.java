package io.switchboard.internal.journal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.AbstractEventListener;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.Env;
import org.rocksdb.FlushOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.SstFileManager;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteBatch;

/**
 * One RocksDB of a node: events, snapshots and metadata in three column families, writes through
 * the {@link GroupCommitWriter}, reads on the caller's thread. Works on stored bytes; the plugins
 * serialize. Thread-safe; closing waits for running reads.
 */
final class JournalStore implements AutoCloseable {
  /** Receives stored entries in key order. */
  interface EntryVisitor {
    /** Returns whether to go on to the next entry. */
    boolean visit(long sequenceNr, byte[] value);
  }

  /** One event to store. */
  record Event(long id, long sequenceNr, byte[] value) {}

  private final RocksDB db;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions columnOptions;
  private final List<ColumnFamilyHandle> handles;
  private final ColumnFamilyHandle events;
  private final ColumnFamilyHandle snapshots;
  private final ColumnFamilyHandle meta;
  private final PersistenceIds ids;
  private final GroupCommitWriter writer;
  private final SstFileManager files;
  private final DiskFullState disk;
  private final AbstractEventListener recoveryListener;
  private final Compactor compactor;
  // Reads hold the read lock so that close() never frees the database under an iterator.
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed;

  private JournalStore(JournalSettings settings, Executor completions) throws Exception {
    RocksDB.loadLibrary();
    Files.createDirectories(settings.dir());
    // With a file manager RocksDB recovers by itself from a full disk once space is free again.
    files = new SstFileManager(Env.getDefault());
    disk = new DiskFullState(settings.resumeInterval().toNanos());
    recoveryListener = disk.listener();
    dbOptions =
        new DBOptions()
            .setSstFileManager(files)
            .setListeners(List.of(recoveryListener))
            .setCreateIfMissing(true)
            .setCreateMissingColumnFamilies(true)
            // Replays the log up to the first record that is torn or fails its checksum: the
            // database opens as a consistent prefix of whole batches (see docs/configuration.md).
            .setWalRecoveryMode(WALRecoveryMode.PointInTimeRecovery)
            .setMaxTotalWalSize(settings.maxWalBytes())
            .setMaxBackgroundJobs(2)
            // Table files written by flushes and compactions reach the disk 1 MiB at a time rather
            // than in one burst when they close, which a log sync would otherwise wait behind.
            .setBytesPerSync(1 << 20)
            // Reuses this many old write-ahead logs instead of creating new ones: in a reused file
            // the size stops changing, so each fdatasync writes the log's data only, not also the
            // inode (one synchronous I/O per sync instead of two). Each record carries its log's
            // number, so the old records behind the new tail are told apart at recovery; RocksDB
            // keeps this with PointInTimeRecovery (facebook/rocksdb#12403; checked in
            // JournalStoreTest, as RocksDB silently turns recycling off where it is unsafe).
            .setRecycleLogFileNum(settings.recycleLogFiles())
            .setKeepLogFileNum(3);
    columnOptions = new ColumnFamilyOptions().setCompressionType(CompressionType.LZ4_COMPRESSION);
    List<ColumnFamilyDescriptor> descriptors =
        List.of(
            new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, columnOptions),
            new ColumnFamilyDescriptor(bytes("events"), columnOptions),
            new ColumnFamilyDescriptor(bytes("snapshots"), columnOptions),
            new ColumnFamilyDescriptor(bytes("meta"), columnOptions));
    handles = new ArrayList<>();
    db = RocksDB.open(dbOptions, settings.dir().toString(), descriptors, handles);
    events = handles.get(1);
    snapshots = handles.get(2);
    meta = handles.get(3);
    ids = new PersistenceIds(db, meta);
    writer =
        new GroupCommitWriter(
            db,
            settings.durability(),
            settings.maxBatchBytes(),
            settings.commitDelay(),
            settings.minSyncInterval(),
            disk,
            completions,
            "switchboard-journal-writer");
    compactor = new Compactor(db, List.of(events, snapshots, meta), settings.compactionInterval());
  }

  /** Opens (creating if missing) the database in {@code settings.dir()}; confirms on the writer. */
  static JournalStore open(JournalSettings settings) {
    return open(settings, Runnable::run);
  }

  /**
   * Opens the database in {@code settings.dir()}; writes are confirmed in tasks of {@code
   * completions}.
   */
  static JournalStore open(JournalSettings settings, Executor completions) {
    try {
      return new JournalStore(settings, completions);
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot open the journal in " + settings.dir() + ": " + e.getMessage(), e);
    }
  }

  /** Returns the number of {@code persistenceId}, or {@link PersistenceIds#NONE}. */
  long existingId(String persistenceId) {
    return ids.existing(persistenceId);
  }

  /**
   * Returns the number of {@code persistenceId}, assigning one if it has none; the number is stored
   * with the first write that uses it.
   */
  long assignId(String persistenceId) {
    return ids.assign(persistenceId);
  }

  /** Stores {@code batch} (of any persistence ids) atomically in the next group commit. */
  CompletableFuture<Void> writeEvents(List<Event> batch) {
    long bytes = 0;
    for (Event event : batch) {
      bytes += 16 + event.value().length;
    }
    compactor.written(bytes);
    JournalWrite write =
        JournalWrite.of(
            batch.size(),
            bytes,
            writeBatch -> {
              for (Event event : batch) {
                writeBatch.put(
                    events, JournalKeys.entry(event.id(), event.sequenceNr()), event.value());
              }
            });
    return writer.submit(ids.storingNew(distinctIds(batch), write));
  }

  private static long[] distinctIds(List<Event> batch) {
    long[] distinct = new long[1];
    int count = 0;
    for (Event event : batch) {
      if (count == 0 || distinct[count - 1] != event.id()) { // a write's events come by id
        if (count == distinct.length) {
          distinct = Arrays.copyOf(distinct, count * 2);
        }
        distinct[count++] = event.id();
      }
    }
    return count == distinct.length ? distinct : Arrays.copyOf(distinct, count);
  }

  /** Deletes the events of {@code id} up to {@code toSequenceNr}, keeping its highest number. */
  CompletableFuture<Void> deleteEventsTo(long id, long toSequenceNr) {
    compactor.deleted();
    // Its deletedTo mark must not outlive a number that was never stored (and may be reused).
    return writer.submit(ids.storingNew(new long[] {id}, new EventDeletion(id, toSequenceNr)));
  }

  /** Visits the events of {@code id} from {@code from} to {@code to} (inclusive) in order. */
  void replay(long id, long from, long to, EntryVisitor visitor) throws RocksDBException {
    read(() -> scan(events, id, from, to, visitor));
  }

  /** Returns the highest sequence number {@code id} ever wrote, deleted or not; 0 if none. */
  long highestSequenceNr(long id) throws RocksDBException {
    long[] highest = new long[1];
    read(() -> highest[0] = Math.max(highestStored(id, Long.MAX_VALUE), deletedTo(id)));
    return highest[0];
  }

  CompletableFuture<Void> saveSnapshot(long id, long sequenceNr, byte[] value) {
    byte[] key = JournalKeys.entry(id, sequenceNr);
    compactor.written(value.length);
    return writer.submit(single(id, batch -> batch.put(snapshots, key, value), 16 + value.length));
  }

  /** Visits the snapshots of {@code id} between the two numbers (inclusive), newest first. */
  void snapshotsNewestFirst(long id, long minSequenceNr, long maxSequenceNr, EntryVisitor visitor)
      throws RocksDBException {
    read(
        () -> {
          try (RocksIterator it = db.newIterator(snapshots)) {
            for (it.seekForPrev(JournalKeys.entry(id, maxSequenceNr));
                it.isValid()
                    && JournalKeys.id(it.key()) == id
                    && JournalKeys.sequenceNr(it.key()) >= minSequenceNr;
                it.prev()) {
              if (!visitor.visit(JournalKeys.sequenceNr(it.key()), it.value())) {
                break;
              }
            }
            it.status();
          }
        });
  }

  CompletableFuture<Void> deleteSnapshots(long id, List<Long> sequenceNrs) {
    return writer.submit(
        single(
            id,
            batch -> {
              for (long sequenceNr : sequenceNrs) {
                batch.delete(snapshots, JournalKeys.entry(id, sequenceNr));
              }
            },
            16L * sequenceNrs.size()));
  }

  /**
   * Deletes the snapshots of {@code id} up to {@code maxSequenceNr} (inclusive) with one range
   * delete: nothing is read, so a large snapshot is not decompressed only to be dropped.
   */
  CompletableFuture<Void> deleteSnapshotsTo(long id, long maxSequenceNr) {
    byte[] end =
        maxSequenceNr == Long.MAX_VALUE
            ? JournalKeys.entriesEnd(id)
            : JournalKeys.entry(id, maxSequenceNr + 1);
    return writer.submit(
        single(id, batch -> batch.deleteRange(snapshots, JournalKeys.entry(id, 0), end), 32));
  }

  WriteStats stats() {
    return writer.stats();
  }

  /**
   * Flushes the memory tables to table files; the write-ahead logs they covered become obsolete.
   */
  void flushMemTables() throws RocksDBException {
    read(
        () -> {
          try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            db.flush(flush, handles);
          }
        });
  }

  /** Commits what is queued and closes the database; later calls fail. */
  @Override
  public void close() {
    Lock lock = lifecycle.writeLock();
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      compactor.close();
      writer.close();
      handles.forEach(ColumnFamilyHandle::close);
      db.close();
      dbOptions.close();
      columnOptions.close();
      files.close();
      recoveryListener.close();
    } finally {
      lock.unlock();
    }
  }

  private interface Read {
    void run() throws RocksDBException;
  }

  private void read(Read read) throws RocksDBException {
    Lock lock = lifecycle.readLock();
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the journal is closed");
      }
      read.run();
    } finally {
      lock.unlock();
    }
  }

  private void scan(ColumnFamilyHandle family, long id, long from, long to, EntryVisitor visitor)
      throws RocksDBException {
    byte[] end = to == Long.MAX_VALUE ? JournalKeys.entriesEnd(id) : JournalKeys.entry(id, to + 1);
    try (Slice upper = new Slice(end);
        ReadOptions options = new ReadOptions().setIterateUpperBound(upper);
        RocksIterator it = db.newIterator(family, options)) {
      for (it.seek(JournalKeys.entry(id, Math.max(0, from))); it.isValid(); it.next()) {
        if (!visitor.visit(JournalKeys.sequenceNr(it.key()), it.value())) {
          break;
        }
      }
      it.status();
    }
  }

  private long highestStored(long id, long atMost) {
    try (RocksIterator it = db.newIterator(events)) {
      it.seekForPrev(JournalKeys.entry(id, atMost));
      return it.isValid() && JournalKeys.id(it.key()) == id ? JournalKeys.sequenceNr(it.key()) : 0;
    }
  }

  private long deletedTo(long id) throws RocksDBException {
    byte[] value = db.get(meta, JournalKeys.deletedToKey(id));
    return value == null ? 0 : JournalKeys.longValue(value);
  }

  /** One mutation of persistence id number {@code id} (stored with it if it is new). */
  private JournalWrite single(long id, JournalWrite.Mutation mutation, long bytes) {
    return ids.storingNew(new long[] {id}, JournalWrite.of(0, bytes, mutation));
  }

  /**
   * Removes a prefix of one persistence id's events with one range tombstone, and records the
   * highest number removed: Pekko asks for the highest sequence number after all are deleted.
   */
  private final class EventDeletion implements JournalWrite {
    private final long id;
    private final long toSequenceNr;

    EventDeletion(long id, long toSequenceNr) {
      this.id = id;
      this.toSequenceNr = toSequenceNr;
    }

    @Override
    public void addTo(WriteBatch batch) throws RocksDBException {
      long previous = deletedTo(id);
      long removed = highestStored(id, toSequenceNr);
      byte[] end =
          toSequenceNr == Long.MAX_VALUE
              ? JournalKeys.entriesEnd(id)
              : JournalKeys.entry(id, toSequenceNr + 1);
      batch.deleteRange(events, JournalKeys.entry(id, 0), end);
      if (removed > previous) {
        batch.put(meta, JournalKeys.deletedToKey(id), JournalKeys.longValue(removed));
      }
    }

    @Override
    public boolean readsCommittedState() {
      return true;
    }

    @Override
    public int events() {
      return 0;
    }

    @Override
    public long bytes() {
      return 32;
    }
  }

  private static byte[] bytes(String name) {
    return name.getBytes(StandardCharsets.UTF_8);
  }
}
