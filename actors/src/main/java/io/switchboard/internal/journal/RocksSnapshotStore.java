package io.switchboard.internal.journal;

import com.typesafe.config.Config;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.dispatch.Futures;
import org.apache.pekko.dispatch.MessageDispatcher;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.snapshot.japi.SnapshotStore;
import scala.concurrent.Future;
import scala.jdk.javaapi.FutureConverters;

/**
 * The Pekko Persistence snapshot store over the node's RocksDB ({@code
 * switchboard-rocksdb-snapshot-store}); saves go through the same group commit as events.
 */
public final class RocksSnapshotStore extends SnapshotStore {
  private final JournalStore store;
  private final ValueCodec codec;
  private final Clock clock;
  private final MessageDispatcher reads;

  /** Creates the snapshot store; Pekko calls it with the plugin's configuration block. */
  public RocksSnapshotStore(Config config) {
    RocksStorage storage = RocksStorage.get(context().system());
    this.store = storage.store();
    this.codec = storage.codec();
    this.clock = storage.clock();
    this.reads = context().system().dispatchers().lookup(config.getString("read-dispatcher"));
  }

  @Override
  public Future<Optional<SelectedSnapshot>> doLoadAsync(
      String persistenceId, SnapshotSelectionCriteria criteria) {
    return Futures.future(
        () -> {
          long id = store.existingId(persistenceId);
          List<SelectedSnapshot> found = new ArrayList<>(1);
          if (id != PersistenceIds.NONE) {
            store.snapshotsNewestFirst(
                id,
                criteria.minSequenceNr(),
                criteria.maxSequenceNr(),
                (sequenceNr, value) -> {
                  long timestamp = ValueCodec.snapshotTimestamp(value);
                  if (!matches(criteria, timestamp)) {
                    return true;
                  }
                  found.add(
                      SelectedSnapshot.create(
                          new SnapshotMetadata(persistenceId, sequenceNr, timestamp),
                          codec.decodeSnapshot(value)));
                  return false;
                });
          }
          return found.stream().findFirst();
        },
        reads);
  }

  @Override
  public Future<Void> doSaveAsync(SnapshotMetadata metadata, Object snapshot) {
    try {
      long timestamp = metadata.timestamp() == 0 ? clock.millis() : metadata.timestamp();
      byte[] value = codec.encodeSnapshot(snapshot, timestamp);
      long id = store.assignId(metadata.persistenceId());
      return FutureConverters.asScala(store.saveSnapshot(id, metadata.sequenceNr(), value));
    } catch (Exception e) {
      return Futures.failed(e);
    }
  }

  @Override
  public Future<Void> doDeleteAsync(SnapshotMetadata metadata) {
    long id = store.existingId(metadata.persistenceId());
    if (id == PersistenceIds.NONE) {
      return Futures.successful(null);
    }
    return FutureConverters.asScala(store.deleteSnapshots(id, List.of(metadata.sequenceNr())));
  }

  @Override
  public Future<Void> doDeleteAsync(String persistenceId, SnapshotSelectionCriteria criteria) {
    long id = store.existingId(persistenceId);
    if (id == PersistenceIds.NONE) {
      return Futures.successful(null);
    }
    if (criteria.minSequenceNr() == 0
        && criteria.minTimestamp() == 0
        && criteria.maxTimestamp() == Long.MAX_VALUE) {
      // What partitions ask after each snapshot: no value need be read to select the keys.
      return FutureConverters.asScala(store.deleteSnapshotsTo(id, criteria.maxSequenceNr()));
    }
    Executor executor = reads;
    CompletableFuture<Void> deleted =
        CompletableFuture.supplyAsync(() -> matching(id, criteria), executor)
            .thenComposeAsync(sequenceNrs -> store.deleteSnapshots(id, sequenceNrs), executor);
    return FutureConverters.asScala(deleted);
  }

  private List<Long> matching(long id, SnapshotSelectionCriteria criteria) {
    List<Long> sequenceNrs = new ArrayList<>();
    try {
      store.snapshotsNewestFirst(
          id,
          criteria.minSequenceNr(),
          criteria.maxSequenceNr(),
          (sequenceNr, value) -> {
            if (matches(criteria, ValueCodec.snapshotTimestamp(value))) {
              sequenceNrs.add(sequenceNr);
            }
            return true;
          });
    } catch (org.rocksdb.RocksDBException e) {
      throw new IllegalStateException(e);
    }
    return sequenceNrs;
  }

  private static boolean matches(SnapshotSelectionCriteria criteria, long timestamp) {
    return timestamp >= criteria.minTimestamp() && timestamp <= criteria.maxTimestamp();
  }
}
