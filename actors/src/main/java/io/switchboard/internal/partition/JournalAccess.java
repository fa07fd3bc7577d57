package io.switchboard.internal.partition;

import com.typesafe.config.ConfigFactory;
import io.switchboard.internal.protocol.PartitionProtocol.Command;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.persistence.DeleteSnapshotsFailure;
import org.apache.pekko.persistence.DeleteSnapshotsSuccess;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.persistence.SnapshotProtocol;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;

/**
 * A durable partition's own journal, beside what Pekko persistence does with it: reads of events
 * back (bodies paged in) and deletion of events no stored message needs. Speaks Pekko's classic
 * plugin protocol, so it works with every journal plugin (RocksDB, JDBC).
 */
final class JournalAccess {
  /**
   * The journal deleted {@code what} ("events" or "snapshots") up to {@code toSeqNr}, or failed to
   * ({@code failure} not null).
   */
  record Deleted(String what, long toSeqNr, Throwable failure) implements Command {}

  private final org.apache.pekko.actor.ActorRef journal;
  private final org.apache.pekko.actor.ActorRef snapshots;
  private final org.apache.pekko.actor.ActorRef replies;
  private final String persistenceId;
  private long deletedTo;
  private long snapshotsDeletedTo;

  JournalAccess(ActorContext<Command> context, String persistenceId) {
    this.persistenceId = persistenceId;
    // The partition uses the default journal and snapshot plugins ("" names them).
    Persistence persistence = Persistence.get(Adapter.toClassic(context.getSystem()));
    this.journal = persistence.journalFor("", ConfigFactory.empty());
    this.snapshots = persistence.snapshotStoreFor("", ConfigFactory.empty());
    this.replies =
        Adapter.toClassic(context.messageAdapter(Object.class, JournalAccess::toCommand));
  }

  /**
   * Replays events of {@code range}; they come back as {@link PageReader.Replayed}, then a {@link
   * PageReader.ReplayDone}.
   */
  void read(PageIndex.Range range) {
    journal.tell(
        new JournalProtocol.ReplayMessages(
            range.fromSeqNr(), range.toSeqNr(), Long.MAX_VALUE, persistenceId, replies),
        org.apache.pekko.actor.ActorRef.noSender());
  }

  /** Deletes events up to {@code toSeqNr} when that is further than before. */
  void deleteTo(long toSeqNr) {
    if (toSeqNr > deletedTo) {
      deletedTo = toSeqNr;
      journal.tell(
          new JournalProtocol.DeleteMessagesTo(persistenceId, toSeqNr, replies),
          org.apache.pekko.actor.ActorRef.noSender());
    }
  }

  /** Deletes the snapshots up to {@code toSeqNr} when that is further than before. */
  void deleteSnapshotsTo(long toSeqNr) {
    if (toSeqNr > snapshotsDeletedTo) {
      snapshotsDeletedTo = toSeqNr;
      snapshots.tell(
          new SnapshotProtocol.DeleteSnapshots(
              persistenceId, SnapshotSelectionCriteria.apply(toSeqNr, Long.MAX_VALUE, 0L, 0L)),
          replies);
    }
  }

  private static Command toCommand(Object reply) {
    if (reply instanceof JournalProtocol.ReplayedMessage replayed) {
      return new PageReader.Replayed(
          replayed.persistent().sequenceNr(), replayed.persistent().payload());
    } else if (reply instanceof JournalProtocol.RecoverySuccess) {
      return new PageReader.ReplayDone(null);
    } else if (reply instanceof JournalProtocol.ReplayMessagesFailure failed) {
      return new PageReader.ReplayDone(failed.cause());
    } else if (reply instanceof org.apache.pekko.persistence.DeleteMessagesSuccess deleted) {
      return new Deleted("events", deleted.toSequenceNr(), null);
    } else if (reply instanceof org.apache.pekko.persistence.DeleteMessagesFailure failed) {
      return new Deleted("events", failed.toSequenceNr(), failed.cause());
    } else if (reply instanceof DeleteSnapshotsSuccess deleted) {
      return new Deleted("snapshots", deleted.criteria().maxSequenceNr(), null);
    } else if (reply instanceof DeleteSnapshotsFailure failed) {
      return new Deleted("snapshots", failed.criteria().maxSequenceNr(), failed.cause());
    }
    throw new IllegalStateException("unexpected reply from the journal: " + reply);
  }
}
