package io.switchboard.internal.journal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Reads what a stopped node's embedded journal holds, from its files: for tests that check what was
 * written (how many events, of which kind), not just what a node recovers.
 */
public final class StoredEvents {
  private StoredEvents() {}

  /**
   * Returns the serializer manifest (the event class) of every stored event whose persistence id
   * starts with {@code persistenceIdPrefix}, in key order. Opens {@code dir} read-only, so a
   * running node may hold it: the answer is then what had reached its write-ahead log.
   */
  public static List<String> manifests(Path dir, String persistenceIdPrefix) {
    List<String> manifests = new ArrayList<>();
    visit(dir, persistenceIdPrefix, EVENTS, (sequenceNr, value) -> manifests.add(manifest(value)));
    return manifests;
  }

  /**
   * Returns the sequence numbers of the snapshots kept for the persistence ids that start with
   * {@code persistenceIdPrefix}, in key order.
   */
  public static List<Long> snapshots(Path dir, String persistenceIdPrefix) {
    List<Long> sequenceNrs = new ArrayList<>();
    visit(dir, persistenceIdPrefix, SNAPSHOTS, (sequenceNr, value) -> sequenceNrs.add(sequenceNr));
    return sequenceNrs;
  }

  /** Returns the sequence numbers of the stored events, in key order. */
  public static List<Long> sequenceNrs(Path dir, String persistenceIdPrefix) {
    List<Long> sequenceNrs = new ArrayList<>();
    visit(dir, persistenceIdPrefix, EVENTS, (sequenceNr, value) -> sequenceNrs.add(sequenceNr));
    return sequenceNrs;
  }

  /** Returns the bytes of the stored events whose persistence id starts with the prefix. */
  public static long bytes(Path dir, String persistenceIdPrefix) {
    long[] bytes = {0};
    visit(dir, persistenceIdPrefix, EVENTS, (sequenceNr, value) -> bytes[0] += value.length);
    return bytes[0];
  }

  private static final int EVENTS = 1;
  private static final int SNAPSHOTS = 2;

  private static void visit(
      Path dir, String persistenceIdPrefix, int family, BiConsumer<Long, byte[]> visitor) {
    RocksDB.loadLibrary();
    List<ColumnFamilyDescriptor> descriptors =
        List.of(
            new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY),
            new ColumnFamilyDescriptor(bytes("events")),
            new ColumnFamilyDescriptor(bytes("snapshots")),
            new ColumnFamilyDescriptor(bytes("meta")));
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (DBOptions options = new DBOptions();
        RocksDB db = RocksDB.openReadOnly(options, dir.toString(), descriptors, handles)) {
      for (long id : ids(db, handles.get(3), persistenceIdPrefix)) {
        try (RocksIterator it = db.newIterator(handles.get(family))) {
          for (it.seek(JournalKeys.entry(id, 0));
              it.isValid() && JournalKeys.id(it.key()) == id;
              it.next()) {
            visitor.accept(JournalKeys.sequenceNr(it.key()), it.value());
          }
        }
      }
      handles.forEach(ColumnFamilyHandle::close);
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot read the journal in " + dir, e);
    }
  }

  private static List<Long> ids(RocksDB db, ColumnFamilyHandle meta, String prefix) {
    List<Long> ids = new ArrayList<>();
    try (RocksIterator it = db.newIterator(meta)) {
      for (it.seek(JournalKeys.idKey(prefix));
          it.isValid()
              && it.key()[0] == JournalKeys.ID
              && JournalKeys.persistenceId(it.key()).startsWith(prefix);
          it.next()) {
        ids.add(JournalKeys.longValue(it.value()));
      }
    }
    return ids;
  }

  /** Reads the manifest out of ValueCodec's layout: format, timestamp, serializer id, manifest. */
  private static String manifest(byte[] value) {
    ByteBuffer in = ByteBuffer.wrap(value).position(1 + 8 + 4);
    int length = Short.toUnsignedInt(in.getShort());
    return new String(value, in.position(), length, StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String name) {
    return name.getBytes(StandardCharsets.UTF_8);
  }
}
