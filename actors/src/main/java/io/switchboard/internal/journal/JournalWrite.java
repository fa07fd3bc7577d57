package io.switchboard.internal.journal;

import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/** One unit of the group commit: it lands whole in one {@link WriteBatch} or not at all. */
interface JournalWrite {

  /** Adds this write's mutations to {@code batch}; called on the writer thread only. */
  void addTo(WriteBatch batch) throws RocksDBException;

  /**
   * Returns whether {@link #addTo} reads the database, so every write queued before it must be
   * committed first (deletions read the highest sequence number they remove).
   */
  default boolean readsCommittedState() {
    return false;
  }

  /** Called on the writer thread once the batch holding this write is committed. */
  default void committed() {}

  /** Returns how many journal events this write carries (for the statistics). */
  int events();

  /** Returns about how many bytes this write adds to a batch. */
  long bytes();

  /** Adds mutations to a batch on the writer thread. */
  interface Mutation {
    void addTo(WriteBatch batch) throws RocksDBException;
  }

  /** Returns a write of {@code events} events and about {@code bytes} bytes: {@code mutation}. */
  static JournalWrite of(int events, long bytes, Mutation mutation) {
    return new JournalWrite() {
      @Override
      public void addTo(WriteBatch batch) throws RocksDBException {
        mutation.addTo(batch);
      }

      @Override
      public int events() {
        return events;
      }

      @Override
      public long bytes() {
        return bytes;
      }
    };
  }
}
