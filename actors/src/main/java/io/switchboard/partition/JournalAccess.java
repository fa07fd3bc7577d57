package io.switchboard.partition;

import com.typesafe.config.ConfigFactory;
import io.switchboard.partition.PartitionProtocol.Command;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.persistence.Persistence;

/**
 * A durable partition's own journal, beside what Pekko persistence does with it: reads of events
 * back (bodies paged in) and deletion of events no stored message needs. Speaks Pekko's classic
 * plugin protocol, so it works with every journal plugin (RocksDB, JDBC).
 */
final class JournalAccess {
  /** The journal deleted events up to {@code toSeqNr}, or failed to ({@code failure} not null). */
  record EventsDeleted(long toSeqNr, Throwable failure) implements Command {}

  private final org.apache.pekko.actor.ActorRef journal;
  private final org.apache.pekko.actor.ActorRef replies;
  private final String persistenceId;
  private long deletedTo;

  JournalAccess(ActorContext<Command> context, String persistenceId) {
    this.persistenceId = persistenceId;
    // The partition uses the default journal plugin ("" names it).
    this.journal =
        Persistence.get(Adapter.toClassic(context.getSystem()))
            .journalFor("", ConfigFactory.empty());
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

  private static Command toCommand(Object reply) {
    if (reply instanceof JournalProtocol.ReplayedMessage replayed) {
      return new PageReader.Replayed(
          replayed.persistent().sequenceNr(), replayed.persistent().payload());
    } else if (reply instanceof JournalProtocol.RecoverySuccess) {
      return new PageReader.ReplayDone(null);
    } else if (reply instanceof JournalProtocol.ReplayMessagesFailure failed) {
      return new PageReader.ReplayDone(failed.cause());
    } else if (reply instanceof org.apache.pekko.persistence.DeleteMessagesSuccess deleted) {
      return new EventsDeleted(deleted.toSequenceNr(), null);
    } else if (reply instanceof org.apache.pekko.persistence.DeleteMessagesFailure failed) {
      return new EventsDeleted(failed.toSequenceNr(), failed.cause());
    }
    throw new IllegalStateException("unexpected reply from the journal: " + reply);
  }
}
