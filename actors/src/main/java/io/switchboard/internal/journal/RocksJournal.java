package io.switchboard.internal.journal;

import com.typesafe.config.Config;
import java.io.NotSerializableException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.apache.pekko.dispatch.Futures;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.journal.japi.AsyncWriteJournal;
import org.rocksdb.RocksDBException;
import scala.concurrent.ExecutionContext;
import scala.concurrent.Future;
import scala.jdk.javaapi.CollectionConverters;
import scala.jdk.javaapi.FutureConverters;

/**
 * The Pekko Persistence journal over the node's RocksDB ({@code switchboard-rocksdb-journal}). Each
 * call's events go to the node-wide group commit in one batch; an atomic write whose events cannot
 * be serialized is rejected alone, and so is every write refused untried while the disk is full
 * (nothing stored). Replays run on the plugin's replay dispatcher.
 */
public final class RocksJournal extends AsyncWriteJournal {
  private final JournalStore store;
  private final ValueCodec codec;
  private final Clock clock;
  private final ExecutionContext reads;

  /** Creates the journal; Pekko calls it with the plugin's configuration block. */
  public RocksJournal(Config config) {
    RocksStorage storage = RocksStorage.get(context().system());
    this.store = storage.store();
    this.codec = storage.codec();
    this.clock = storage.clock();
    this.reads = context().system().dispatchers().lookup(config.getString("replay-dispatcher"));
  }

  @Override
  public Future<Iterable<Optional<Exception>>> doAsyncWriteMessages(Iterable<AtomicWrite> writes) {
    List<Optional<Exception>> results = new ArrayList<>();
    List<JournalStore.Event> accepted = new ArrayList<>();
    long now = clock.millis();
    try {
      for (AtomicWrite write : writes) {
        results.add(encode(write, now, accepted));
      }
    } catch (RocksDBException e) {
      // Numbering a new persistence id writes outside the group commit; it too can find the disk
      // full.
      return Futures.failed(
          JournalFullException.isNoSpace(e)
              ? new JournalFullException("the journal's disk is full: " + e.getMessage(), true, e)
              : e);
    }
    if (accepted.isEmpty()) {
      return Futures.successful(results);
    }
    // Completes in the writer's completion task on the plugin's dispatcher (RocksStorage): handle
    // runs there, and so do Pekko's callbacks, batched behind it.
    return FutureConverters.asScala(
        store
            .writeEvents(accepted)
            .handle(
                (ignored, failure) -> {
                  if (failure == null) {
                    return results;
                  }
                  Throwable cause =
                      failure instanceof CompletionException ? failure.getCause() : failure;
                  if (cause instanceof JournalFullException full && !full.written()) {
                    return refused(results, full);
                  }
                  throw failure instanceof CompletionException completion
                      ? completion
                      : new CompletionException(cause);
                }));
  }

  /**
   * Marks every write that went to the store as rejected: a rejection tells Pekko nothing is
   * stored.
   */
  private static Iterable<Optional<Exception>> refused(
      List<Optional<Exception>> results, Exception cause) {
    List<Optional<Exception>> refused = new ArrayList<>(results.size());
    for (Optional<Exception> result : results) {
      refused.add(result.isPresent() ? result : Optional.of(cause));
    }
    return refused;
  }

  private Optional<Exception> encode(AtomicWrite write, long now, List<JournalStore.Event> into)
      throws RocksDBException {
    List<PersistentRepr> reprs = CollectionConverters.asJava(write.payload());
    List<byte[]> values = new ArrayList<>(reprs.size());
    try {
      for (PersistentRepr repr : reprs) {
        values.add(codec.encodeEvent(repr, now));
      }
    } catch (NotSerializableException | RuntimeException e) {
      return Optional.of(e);
    }
    long id = store.assignId(write.persistenceId());
    for (int i = 0; i < reprs.size(); i++) {
      into.add(new JournalStore.Event(id, reprs.get(i).sequenceNr(), values.get(i)));
    }
    return Optional.empty();
  }

  @Override
  public Future<Void> doAsyncDeleteMessagesTo(String persistenceId, long toSequenceNr) {
    long id = store.existingId(persistenceId);
    if (id == PersistenceIds.NONE) {
      return Futures.successful(null);
    }
    return FutureConverters.asScala(store.deleteEventsTo(id, toSequenceNr));
  }

  @Override
  public Future<Void> doAsyncReplayMessages(
      String persistenceId,
      long fromSequenceNr,
      long toSequenceNr,
      long max,
      Consumer<PersistentRepr> replayCallback) {
    return Futures.future(
        () -> {
          long id = store.existingId(persistenceId);
          if (id == PersistenceIds.NONE || max <= 0) {
            return null;
          }
          long[] left = {max};
          store.replay(
              id,
              fromSequenceNr,
              toSequenceNr,
              (sequenceNr, value) -> {
                replayCallback.accept(codec.decodeEvent(value, persistenceId, sequenceNr));
                return --left[0] > 0;
              });
          return null;
        },
        reads);
  }

  @Override
  public Future<Long> doAsyncReadHighestSequenceNr(String persistenceId, long fromSequenceNr) {
    if (store.existingId(persistenceId) == PersistenceIds.NONE) {
      // Never numbered, so never written: answered at once (each new request's reply stream asks).
      return Futures.successful(0L);
    }
    return Futures.future(
        () -> {
          long id = store.existingId(persistenceId);
          return id == PersistenceIds.NONE ? 0L : store.highestSequenceNr(id);
        },
        reads);
  }
}
