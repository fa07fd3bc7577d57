package io.switchboard.internal.request;

import io.switchboard.message.CborSerializable;
import io.switchboard.request.Outcome;
import io.switchboard.request.ReplyChunk;
import io.switchboard.request.Usage;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;

/**
 * What a {@link ReplyStream} is told and what it answers. Errors are {@link
 * io.switchboard.SwitchboardException}s.
 */
public final class ReplyProtocol {
  private ReplyProtocol() {}

  public interface Command extends CborSerializable {}

  /**
   * Opens the stream of a request being sent to {@code topic} (idempotent), with the caller's reply
   * {@code window} (0: the node's) and the {@code tenant} its token usage is counted for.
   */
  public record Open(
      long deadlineMillis,
      String topic,
      int window,
      String tenant,
      ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  /** A delivery of the request is about to run: start a generation, or say why not. */
  public record Begin(ActorRef<Notice> watcher, ActorRef<Begun> replyTo) implements Command {}

  /**
   * The answer to {@link Begin}: {@code outcome} null and a new {@code generation} with the chunks
   * streamed so far, or the outcome the request already has ({@code known} false: no such request).
   * {@code queuedMillis} is how long the request waited for its first delivery (-1 for later ones).
   */
  public record Begun(
      boolean known, Outcome outcome, int generation, List<ReplyChunk> streamed, long queuedMillis)
      implements CborSerializable {}

  /** Stores chunk {@code seq} of {@code generation}; answered once stored. */
  public record Append(
      int generation, long seq, byte[] payload, ActorRef<StatusReply<Done>> replyTo)
      implements Command {
    @Override
    public boolean equals(Object o) {
      return o instanceof Append a
          && generation == a.generation
          && seq == a.seq
          && Arrays.equals(payload, a.payload)
          && replyTo.equals(a.replyTo);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(seq);
    }
  }

  /**
   * Ends the request from the worker: COMPLETED with the final reply and the tokens it used ({@code
   * usage}, null: not reported), or FAILED with a reason and the tokens generated until then.
   */
  public record Finish(
      int generation,
      Outcome outcome,
      String reason,
      byte[] payload,
      Usage usage,
      ActorRef<StatusReply<Done>> replyTo)
      implements Command {
    @Override
    public boolean equals(Object o) {
      return o instanceof Finish f
          && generation == f.generation
          && outcome == f.outcome
          && Arrays.equals(payload, f.payload)
          && java.util.Objects.equals(usage, f.usage)
          && replyTo.equals(f.replyTo);
    }

    @Override
    public int hashCode() {
      return generation;
    }
  }

  /**
   * The tokens generation {@code generation} generated before its request was cancelled or timed
   * out; stored once with the end (a retry of the same usage is acknowledged).
   */
  public record ReportUsage(int generation, Usage usage, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  /** The caller gave up: the request ends CANCELLED unless it already ended. */
  public record Cancel(String reason) implements Command {}

  /**
   * The caller's connection dropped: the request ends CANCELLED after {@code graceMillis} unless a
   * caller reads again (reattaches) before then.
   */
  public record Detach(long graceMillis) implements Command {}

  /**
   * Returns up to {@code max} elements after {@code cursor}; waits for one up to the poll interval.
   * A read also reattaches a detached caller.
   */
  public record Read(long cursor, int max, ActorRef<StatusReply<Batch>> replyTo)
      implements Command {}

  /** Elements after the cursor; empty and {@code ended} false: nothing yet, ask again. */
  public record Batch(List<ReplyChunk> chunks, boolean ended) implements CborSerializable {}

  /** Returns the stream's counters (operations and tests). */
  public record Describe(ActorRef<Description> replyTo) implements Command {}

  /**
   * Chunks stored, the caller's cursor, appends waiting for the caller to read, the outcome, and
   * whether the caller is away (detached, within its reattach grace), and the request's topic
   * (null: no such request, or one stored before streams kept their topic).
   */
  public record Description(
      long stored,
      long readCursor,
      int waitingAppends,
      int generation,
      Outcome outcome,
      boolean detached,
      String topic)
      implements CborSerializable {}

  /**
   * Told to a worker's watcher when the generation it runs is cancelled, timed out or superseded.
   */
  public record Notice(String requestId, int generation, Outcome outcome)
      implements CborSerializable {}
}
