package io.switchboard.internal.partition;

import io.switchboard.ErrorCode;
import io.switchboard.internal.protocol.PartitionProtocol.Publish;
import io.switchboard.internal.protocol.PartitionProtocol.PublishReply;
import io.switchboard.message.Message;
import io.switchboard.producer.Confirm;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The publishes waiting for the partition's next journal write (group commit), and their confirms,
 * which fill in as the write assigns offsets.
 */
final class PublishBuffer {

  /** A publish waiting for the write. */
  private static final class PendingReply {
    final ActorRef<PublishReply> replyTo;
    final Confirm[] confirms;
    int missing;

    PendingReply(ActorRef<PublishReply> replyTo, int size) {
      this.replyTo = replyTo;
      this.confirms = new Confirm[size];
    }

    void answerIfComplete() {
      if (missing == 0) {
        replyTo.tell(PublishReply.ok(List.of(confirms)));
      }
    }

    void fail(String code, String why) {
      if (missing > 0) {
        missing = -1; // answered once, whichever of its messages comes first
        replyTo.tell(new PublishReply(null, code, why, 0));
      }
    }
  }

  /** One message of a publish; a duplicate is confirmed with its first copy's offset. */
  record Pending(Message message, PendingReply reply, int index, boolean duplicate) {}

  private final PartitionId id;
  private final List<Pending> pending = new ArrayList<>();

  /** The batch of the write in flight, until it is confirmed. */
  private List<Pending> writing = List.of();

  private final Set<String> pendingKeys = new HashSet<>();

  PublishBuffer(PartitionId id) {
    this.id = id;
  }

  int size() {
    return pending.size();
  }

  boolean isEmpty() {
    return pending.isEmpty();
  }

  /**
   * Queues a publish for the next write; answers at once when every message is a duplicate seen
   * within the window. Returns whether anything was queued.
   */
  boolean add(Publish publish, PartitionState state, long nowMillis, long windowMillis) {
    PendingReply reply = new PendingReply(publish.replyTo(), publish.messages().size());
    for (int i = 0; i < publish.messages().size(); i++) {
      Message message = publish.messages().get(i);
      String key = message.idempotencyKey();
      long seen = key == null ? -1 : state.rememberedOffset(key, nowMillis, windowMillis);
      if (seen >= 0) {
        reply.confirms[i] = new Confirm(message.id(), id.topic(), id.partition(), seen, true);
        continue;
      }
      boolean duplicate = key != null && !pendingKeys.add(key);
      reply.missing++;
      pending.add(new Pending(message, reply, i, duplicate));
    }
    reply.answerIfComplete();
    return reply.missing > 0;
  }

  /**
   * Takes the oldest pending messages for one write: at most {@code max}, and {@code maxBytes} of
   * payload (but at least one message).
   */
  List<Pending> takeBatch(int max, long maxBytes) {
    int size = 0;
    long bytes = 0;
    while (size < Math.min(pending.size(), max)) {
      bytes += pending.get(size).message().payloadSize();
      if (size > 0 && bytes > maxBytes) {
        break;
      }
      size++;
    }
    List<Pending> batch = new ArrayList<>(pending.subList(0, size));
    pending.subList(0, size).clear();
    writing = batch;
    return batch;
  }

  /** Returns the messages a batch stores (duplicates are not stored twice). */
  static List<Message> messages(List<Pending> batch) {
    List<Message> messages = new ArrayList<>(batch.size());
    for (Pending entry : batch) {
      if (!entry.duplicate()) {
        messages.add(entry.message());
      }
    }
    return messages;
  }

  /** Confirms a written batch whose first stored message got offset {@code first}. */
  void confirm(List<Pending> batch, long first, PartitionState state) {
    writing = List.of();
    long offset = first;
    List<PendingReply> touched = new ArrayList<>();
    for (Pending entry : batch) {
      Message message = entry.message();
      String key = message.idempotencyKey();
      long at;
      if (entry.duplicate()) {
        at = state.rememberedOffset(key);
      } else {
        at = offset++;
        if (key != null) {
          pendingKeys.remove(key);
        }
      }
      PendingReply reply = entry.reply();
      reply.confirms[entry.index()] =
          new Confirm(message.id(), id.topic(), id.partition(), at, entry.duplicate());
      reply.missing--;
      touched.add(reply);
    }
    for (PendingReply reply : touched) {
      if (reply.missing == 0) {
        reply.missing = -1; // answered once, even if several of its messages were in the batch
        reply.replyTo.tell(PublishReply.ok(List.of(reply.confirms)));
      }
    }
  }

  /** Returns the answer to a publish that would take the partition past its backlog limit. */
  static PublishReply overloaded(
      PartitionId id, long stored, long backlogLimit, long retryAfterMillis) {
    return new PublishReply(
        null,
        ErrorCode.OVERLOADED.name(),
        "partition "
            + id.partition()
            + " of topic '"
            + id.topic()
            + "' holds "
            + stored
            + " messages, its backlog limit is "
            + backlogLimit,
        retryAfterMillis);
  }

  /**
   * Answers every publish that waits here once the write in flight is lost: those with messages in
   * it get {@code code} and {@code why}, the others (nothing of them written) {@code NOT_READY}, so
   * that no caller waits for a write that will not come.
   */
  void failAll(String code, String why) {
    for (Pending entry : writing) {
      entry.reply().fail(code, why);
    }
    for (Pending entry : pending) {
      entry
          .reply()
          .fail(
              ErrorCode.NOT_READY.name(),
              "partition "
                  + id.partition()
                  + " of topic '"
                  + id.topic()
                  + "' restarts after a lost write; nothing of this publish was stored: retry");
    }
    writing = List.of();
    pending.clear();
    pendingKeys.clear();
  }
}
