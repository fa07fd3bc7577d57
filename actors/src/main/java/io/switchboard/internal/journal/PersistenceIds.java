package io.switchboard.internal.journal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * Maps persistence ids to the numbers that prefix their keys, so keys stay 16 bytes whatever the
 * name. A new number is stored in the same write batch as the first entry that uses it (see {@link
 * #storingNew}), so it costs no write of its own: a request's reply stream, new for every request,
 * paid a synchronous (fsync) write on the journal actor's thread before. A number handed out but
 * never stored (the process died before its first write landed) is free again after a restart,
 * which is safe because nothing stored uses it. Numbers are never reused otherwise.
 */
final class PersistenceIds {
  /** Returned by {@link #existing} for a persistence id that never wrote anything. */
  static final long NONE = -1;

  private final ColumnFamilyHandle meta;
  private final Map<String, Long> ids = new ConcurrentHashMap<>();

  /** Numbers handed out whose mapping is in no committed batch yet, with their persistence id. */
  private final Map<Long, String> unstored = new ConcurrentHashMap<>();

  private long lastId;

  PersistenceIds(RocksDB db, ColumnFamilyHandle meta) {
    this.meta = meta;
    try (RocksIterator it = db.newIterator(meta)) {
      for (it.seek(new byte[] {JournalKeys.ID});
          it.isValid() && it.key()[0] == JournalKeys.ID;
          it.next()) {
        long id = JournalKeys.longValue(it.value());
        ids.put(JournalKeys.persistenceId(it.key()), id);
        lastId = Math.max(lastId, id);
      }
    }
  }

  /** Returns the number of {@code persistenceId}, or {@link #NONE}. */
  long existing(String persistenceId) {
    Long id = ids.get(persistenceId);
    return id == null ? NONE : id;
  }

  /**
   * Returns the number of {@code persistenceId}, handing out a new one if it has none; a write that
   * uses it goes through {@link #storingNew}.
   */
  long assign(String persistenceId) {
    Long id = ids.get(persistenceId);
    return id != null ? id : assignNew(persistenceId);
  }

  private synchronized long assignNew(String persistenceId) {
    Long id = ids.get(persistenceId);
    if (id != null) {
      return id;
    }
    long next = ++lastId;
    unstored.put(next, persistenceId);
    ids.put(persistenceId, next);
    return next;
  }

  /**
   * Returns {@code write} so that it also stores the mapping of each of {@code ids} no committed
   * batch holds yet, in its own batch; {@code write} itself when all are stored (the usual case: a
   * number is removed from the unstored ones only after a batch holding it is committed).
   */
  JournalWrite storingNew(long[] ids, JournalWrite write) {
    if (unstored.isEmpty() || !anyUnstored(ids)) {
      return write;
    }
    return new JournalWrite() {
      @Override
      public void addTo(WriteBatch batch) throws RocksDBException {
        for (long id : ids) {
          String persistenceId = unstored.get(id);
          if (persistenceId != null) {
            batch.put(meta, JournalKeys.idKey(persistenceId), JournalKeys.longValue(id));
          }
        }
        write.addTo(batch);
      }

      @Override
      public void committed() {
        for (long id : ids) {
          unstored.remove(id);
        }
        write.committed();
      }

      @Override
      public boolean readsCommittedState() {
        return write.readsCommittedState();
      }

      @Override
      public int events() {
        return write.events();
      }

      @Override
      public long bytes() {
        return write.bytes();
      }
    };
  }

  private boolean anyUnstored(long[] ids) {
    for (long id : ids) {
      if (unstored.containsKey(id)) {
        return true;
      }
    }
    return false;
  }

  int size() {
    return ids.size();
  }
}
