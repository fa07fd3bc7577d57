package io.switchboard.journal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

/**
 * Maps persistence ids to the numbers that prefix their keys, so keys stay 16 bytes whatever the
 * name. A number is stored (with the journal's durability) before any entry uses it, and never
 * reused.
 */
final class PersistenceIds {
  /** Returned by {@link #existing} for a persistence id that never wrote anything. */
  static final long NONE = -1;

  private final RocksDB db;
  private final ColumnFamilyHandle meta;
  private final WriteOptions writeOptions;
  private final Map<String, Long> ids = new ConcurrentHashMap<>();
  private long lastId;

  PersistenceIds(RocksDB db, ColumnFamilyHandle meta, WriteOptions writeOptions) {
    this.db = db;
    this.meta = meta;
    this.writeOptions = writeOptions;
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

  /** Returns the number of {@code persistenceId}, assigning and storing one if it has none. */
  long assign(String persistenceId) throws RocksDBException {
    Long id = ids.get(persistenceId);
    return id != null ? id : assignNew(persistenceId);
  }

  private synchronized long assignNew(String persistenceId) throws RocksDBException {
    Long id = ids.get(persistenceId);
    if (id != null) {
      return id;
    }
    long next = lastId + 1;
    db.put(meta, writeOptions, JournalKeys.idKey(persistenceId), JournalKeys.longValue(next));
    lastId = next;
    ids.put(persistenceId, next);
    return next;
  }

  int size() {
    return ids.size();
  }
}
