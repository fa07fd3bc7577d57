package io.switchboard.internal.request;

import io.switchboard.ErrorCode;
import io.switchboard.internal.request.ReplyProtocol.Append;
import io.switchboard.internal.request.ReplyProtocol.Command;
import io.switchboard.internal.request.ReplyProtocol.Description;
import io.switchboard.internal.request.ReplyProtocol.Finish;
import io.switchboard.internal.request.ReplyProtocol.ReportUsage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;

/**
 * The worker's side of a reply stream: admits appends against the caller's window, gathers those
 * that arrive behind a chunk write in flight, holds those beyond the window until the caller reads,
 * and stores chunks and the end in one journal write.
 */
final class ReplyWrites {

  /**
   * Writes what was gathered behind the previous write; sent to self when a chunk write completes.
   */
  enum Flush implements Command {
    INSTANCE
  }

  private final EffectFactories<ReplyEvent, ReplyLog> effects;
  private final RequestSettings settings;
  private final Clock clock;
  private final ReplyMeter meter;
  private final ReplyTimers timers;
  private final ActorRef<Command> self;
  private final Consumer<ReplyLog> answerReaders;
  private final Consumer<ReplyLog> afterEnd;
  private final HeldAppends held = new HeldAppends();
  // A chunk write is in flight or its Flush not yet handled: appends within the window are
  // gathered.
  private boolean flushing;
  private long readCursor;

  /**
   * Creates the write side; {@code answerReaders} runs after chunks are stored, {@code afterEnd}
   * after the end is.
   */
  ReplyWrites(
      EffectFactories<ReplyEvent, ReplyLog> effects,
      RequestSettings settings,
      Clock clock,
      ReplyMeter meter,
      ReplyTimers timers,
      ActorRef<Command> self,
      Consumer<ReplyLog> answerReaders,
      Consumer<ReplyLog> afterEnd) {
    this.effects = effects;
    this.settings = settings;
    this.clock = clock;
    this.meter = meter;
    this.timers = timers;
    this.self = self;
    this.answerReaders = answerReaders;
    this.afterEnd = afterEnd;
  }

  /** Returns whether nothing is held, final reply included. */
  boolean isIdle() {
    return held.isEmpty();
  }

  /** Describes the stream: what is stored, read and held. */
  Description describe(ReplyLog state) {
    return new Description(
        state.stored(),
        readCursor,
        held.size(),
        state.generation(),
        state.ended() ? state.end().outcome() : null,
        state.detached(),
        state.topic());
  }

  /** Refuses everything held (the request ended or a later generation began). */
  void refuseHeld(ReplyRefusal why) {
    meter.refused(why, held.refuse(why));
  }

  Effect<ReplyEvent, ReplyLog> onAppend(ReplyLog state, Append append) {
    ReplyRefusal refusal = state.refusal(append.generation());
    if (refusal != null) {
      meter.refused(refusal, 1);
      append.replyTo().tell(StatusReply.error(refusal));
      return effects.none();
    }
    if (append.seq() <= state.stored()) {
      append.replyTo().tell(StatusReply.ack()); // a retry of a stored chunk
      return effects.none();
    }
    long expected = state.stored() + held.size() + 1;
    if (append.seq() != expected || held.finish() != null) {
      append
          .replyTo()
          .tell(
              StatusReply.error(
                  ReplyRefusal.of(
                      ErrorCode.INVALID_ARGUMENT,
                      "chunk "
                          + append.seq()
                          + " out of order, expected "
                          + expected
                          + (held.finish() != null ? " before the final reply" : ""))));
      return effects.none();
    }
    int window = state.window(settings.window());
    if (held.waitingCount() == 0 && state.stored() + held.gatheredCount() - readCursor < window) {
      if (flushing) {
        held.gather(append); // a write is in flight or just done: the next one takes it
        return effects.none();
      }
      return write(state, null, List.of(append), null); // idle: written at once
    }
    if (held.waitingCount() < window) {
      held.await(append); // held until the caller reads: backpressure on the worker
      return effects.none();
    }
    append
        .replyTo()
        .tell(
            StatusReply.error(
                ReplyRefusal.of(
                    ErrorCode.OVERLOADED,
                    "the worker is two windows ("
                        + window
                        + ", the request's window or switchboard.requests.window) ahead of the caller; wait for each reply")));
    return effects.none();
  }

  Effect<ReplyEvent, ReplyLog> onReportUsage(ReplyLog state, ReportUsage report) {
    ReplyRefusal refused = state.usageRefusal(report.generation(), report.usage());
    if (refused != null || report.usage().equals(state.end().usage())) {
      report.replyTo().tell(refused != null ? StatusReply.error(refused) : StatusReply.ack());
      return effects.none(); // refused, or a retry of the usage stored
    }
    return effects
        .persist(new ReplyEvent.UsageReported(report.usage()))
        .thenRun(
            s -> {
              meter.tokens(s);
              report.replyTo().tell(StatusReply.ack());
              answerReaders.accept(s);
            });
  }

  Effect<ReplyEvent, ReplyLog> onFinish(ReplyLog state, Finish finish) {
    if (state.ended()
        && state.end().outcome() == finish.outcome()
        && state.generation() == finish.generation()) {
      finish.replyTo().tell(StatusReply.ack()); // a retry
      return effects.none();
    }
    ReplyRefusal refusal = state.refusal(finish.generation());
    if (refusal != null || held.finish() != null) {
      meter.refused(refusal, 1);
      finish
          .replyTo()
          .tell(
              StatusReply.error(
                  refusal != null
                      ? refusal
                      : ReplyRefusal.of(ErrorCode.INVALID_ARGUMENT, "already finishing")));
      return effects.none();
    }
    if (held.waitingCount() > 0) {
      held.holdFinish(finish); // after the chunks the caller has not made room for yet
      return effects.none();
    }
    // the gathered chunks (if any) and the end in one write
    return write(state, null, held.takeGathered(), finish);
  }

  Effect<ReplyEvent, ReplyLog> onFlush(ReplyLog state) {
    if (held.gatheredCount() == 0) {
      flushing = false; // nothing queued behind the last write: the next append is written at once
      return effects.none();
    }
    return write(state, null, held.takeGathered(), null);
  }

  /**
   * Moves the window to a caller's read at {@code cursor} and writes what now fits, behind {@code
   * reattached} (if the caller came back); answers the readers.
   */
  Effect<ReplyEvent, ReplyLog> onRead(ReplyLog state, long cursor, ReplyEvent reattached) {
    readCursor = Math.max(readCursor, cursor);
    List<Append> stored =
        held.takeWritable(state.stored(), readCursor, state.window(settings.window()));
    Finish finish = held.takeFinishIfDue();
    if (!stored.isEmpty() || finish != null) {
      return write(state, reattached, stored, finish);
    }
    if (reattached != null) {
      return effects.persist(reattached).thenRun(answerReaders::accept);
    }
    answerReaders.accept(state);
    return effects.none();
  }

  /**
   * Stores {@code first} (if any), {@code appends}, then the end (if {@code finish}) in one journal
   * write; acks each once stored.
   */
  private Effect<ReplyEvent, ReplyLog> write(
      ReplyLog state, ReplyEvent first, List<Append> appends, Finish finish) {
    List<ReplyEvent> events = new ArrayList<>(appends.size() + 2);
    if (first != null) {
      events.add(first);
    }
    appends.forEach(a -> events.add(new ReplyEvent.Appended(a.payload())));
    if (finish != null) {
      events.add(finished(finish));
    }
    long firstSeq = state.stored() + 1;
    flushing = finish == null;
    return effects
        .persist(events)
        .thenRun(
            s -> {
              for (int i = 0; i < appends.size(); i++) {
                appends.get(i).replyTo().tell(StatusReply.ack());
                meter.stored(s, firstSeq + i, appends.get(i).payload());
              }
              if (finish != null) {
                timers.cancelDeadline();
                finish.replyTo().tell(StatusReply.ack());
                afterEnd.accept(s);
                return;
              }
              answerReaders.accept(s);
              self.tell(Flush.INSTANCE); // after the appends Pekko stashed during this write
            });
  }

  private ReplyEvent.Ended finished(Finish finish) {
    return new ReplyEvent.Ended(
        finish.outcome(),
        finish.reason(),
        finish.payload() == null ? new byte[0] : finish.payload(),
        clock.millis(),
        finish.usage());
  }
}
