package io.switchboard.internal.request;

import io.switchboard.ErrorCode;
import io.switchboard.request.Outcome;
import io.switchboard.request.ReplyChunk;
import io.switchboard.request.RequestEndedException;
import io.switchboard.request.Usage;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.pattern.StatusReply;

/**
 * The state of one request's reply stream: its deadline, the generation allowed to append, the
 * stored chunks and how it ended. Mutated only by {@link #apply} (from the event handler).
 */
final class ReplyLog {
  private final String requestId;
  private boolean opened;
  private long deadlineMillis;
  private long openedAtMillis;
  private String topic;
  private int window;
  private String tenant;
  // When the caller's grace ends (epoch ms), or -1 while a caller is attached.
  private long graceEndsAtMillis = -1;
  private int generation;
  private final List<byte[]> chunks = new ArrayList<>();
  private ReplyEvent.Ended end;

  ReplyLog(String requestId) {
    this.requestId = requestId;
  }

  void apply(ReplyEvent event) {
    if (event instanceof ReplyEvent.Opened o) {
      opened = true;
      deadlineMillis = o.deadlineMillis();
      openedAtMillis = o.atMillis();
      topic = o.topic();
      window = o.window();
      tenant = o.tenant();
    } else if (event instanceof ReplyEvent.Detached d) {
      graceEndsAtMillis = d.atMillis() + d.graceMillis();
    } else if (event instanceof ReplyEvent.Reattached) {
      graceEndsAtMillis = -1;
    } else if (event instanceof ReplyEvent.Started s) {
      generation = s.generation();
    } else if (event instanceof ReplyEvent.Appended a) {
      chunks.add(a.payload());
    } else if (event instanceof ReplyEvent.Ended e) {
      end = e;
    } else if (event instanceof ReplyEvent.UsageReported u) {
      end =
          new ReplyEvent.Ended(
              end.outcome(), end.reason(), end.payload(), end.atMillis(), u.usage());
    } else {
      throw new IllegalArgumentException("unknown reply event " + event);
    }
  }

  boolean opened() {
    return opened;
  }

  long deadlineMillis() {
    return deadlineMillis;
  }

  /** Returns when the request was stored (its reply stream opened), epoch milliseconds. */
  long openedAtMillis() {
    return openedAtMillis;
  }

  /**
   * Returns the topic the request was sent to, or null (unknown, or opened before streams kept it).
   */
  String topic() {
    return topic;
  }

  int generation() {
    return generation;
  }

  /** Returns the caller's reply window, or {@code nodeWindow} when it chose none. */
  int window(int nodeWindow) {
    return window > 0 ? window : nodeWindow;
  }

  /** Returns the tenant whose usage this request counts for, or null (none given). */
  String tenant() {
    return tenant;
  }

  /** Returns whether the caller is away and its reattach grace runs (the request not ended). */
  boolean detached() {
    return graceEndsAtMillis >= 0 && end == null;
  }

  /** Returns when a detached caller's grace ends, epoch milliseconds. */
  long graceEndsAtMillis() {
    return graceEndsAtMillis;
  }

  /** Returns how many chunks are stored (the seq of the last one). */
  long stored() {
    return chunks.size();
  }

  boolean ended() {
    return end != null;
  }

  ReplyEvent.Ended end() {
    return end;
  }

  /**
   * Returns whether the request ended more than {@code retentionMillis} before {@code nowMillis}.
   */
  boolean expired(long nowMillis, long retentionMillis) {
    return end != null && nowMillis - end.atMillis() >= retentionMillis;
  }

  /**
   * Returns up to {@code max} elements after {@code cursor}: chunks, then the final reply if
   * completed.
   */
  List<ReplyChunk> after(long cursor, int max) {
    List<ReplyChunk> out = new ArrayList<>();
    for (long seq = Math.max(cursor, 0) + 1; seq <= chunks.size() && out.size() < max; seq++) {
      out.add(new ReplyChunk(requestId, seq, chunks.get((int) seq - 1), false));
    }
    long finalSeq = chunks.size() + 1L;
    if (out.size() < max
        && end != null
        && end.outcome() == Outcome.COMPLETED
        && cursor < finalSeq) {
      out.add(new ReplyChunk(requestId, finalSeq, end.payload(), true, end.usage()));
    }
    return out;
  }

  /** Returns why a read at {@code cursor} is refused at {@code nowMillis}, or null. */
  ReplyRefusal readRefusal(long cursor, long nowMillis, java.time.Duration retention) {
    if (!opened) {
      return unknown();
    }
    if (expired(nowMillis, retention.toMillis())) {
      return ReplyRefusal.of(
          ErrorCode.EXPIRED,
          "request '"
              + requestId
              + "' ended more than "
              + retention
              + " ago (switchboard.requests.retention); its replies are gone");
    }
    long last = chunks.size() + (end != null && end.outcome() == Outcome.COMPLETED ? 1 : 0);
    return cursor <= last
        ? null
        : ReplyRefusal.of(
            ErrorCode.INVALID_ARGUMENT,
            "cursor "
                + cursor
                + " is past the last reply ("
                + last
                + ") of request '"
                + requestId
                + "'");
  }

  /** Returns why generation {@code writer} may not write now, or null. */
  ReplyRefusal refusal(int writer) {
    if (!opened) {
      return unknown();
    }
    if (end != null) {
      return switch (end.outcome()) {
        case CANCELLED -> ReplyRefusal.cancelled("the caller cancelled the request");
        case DEADLINE_EXCEEDED -> ReplyRefusal.deadlineExceeded(end.reason());
        default -> ReplyRefusal.ended("the request already ended (" + end.outcome() + ")");
      };
    }
    return writer == generation
        ? null
        : ReplyRefusal.superseded(
            "superseded by a later delivery of the request (generation " + generation + ")");
  }

  private ReplyRefusal unknown() {
    return ReplyRefusal.of(ErrorCode.UNKNOWN_REQUEST, "no request with id '" + requestId + "'");
  }

  /**
   * Returns why generation {@code writer} may not report {@code usage} after the end, or null: only
   * the worker of a request that was cancelled or timed out reports after its end, and only once.
   */
  ReplyRefusal usageRefusal(int writer, Usage usage) {
    if (!opened) {
      return unknown();
    }
    if (end == null
        || (end.outcome() != Outcome.CANCELLED && end.outcome() != Outcome.DEADLINE_EXCEEDED)) {
      return ReplyRefusal.of(
          ErrorCode.INVALID_ARGUMENT,
          "request '"
              + requestId
              + "' "
              + (end == null ? "is running" : "ended " + end.outcome())
              + ": report its usage with complete or fail");
    }
    if (writer != generation) {
      return ReplyRefusal.superseded(
          "superseded by a later delivery of the request (generation " + generation + ")");
    }
    if (end.usage() != null && !end.usage().equals(usage)) {
      return ReplyRefusal.of(
          ErrorCode.INVALID_ARGUMENT, "request '" + requestId + "' has its usage already");
    }
    return null;
  }

  /**
   * Returns what a reader at {@code cursor} gets now (chunks, the end or its error), or null when
   * there is nothing yet. A batch ends the caller's stream only when it carries the final reply;
   * after a failure or a cancel the next read answers the error, so the caller sees it after the
   * chunks.
   */
  StatusReply<ReplyProtocol.Batch> answer(long cursor, int max) {
    List<ReplyChunk> out = after(cursor, max);
    if (!out.isEmpty()) {
      boolean last =
          exhaustedAt(out.get(out.size() - 1).seq()) && end.outcome() == Outcome.COMPLETED;
      return StatusReply.success(new ReplyProtocol.Batch(out, last));
    }
    if (!exhaustedAt(cursor)) {
      return null;
    }
    return end.outcome() == Outcome.COMPLETED
        ? StatusReply.success(new ReplyProtocol.Batch(List.of(), true))
        : StatusReply.error(
            new RequestEndedException(end.outcome().error(), end.reason(), end.usage()));
  }

  /** Returns whether a reader at {@code cursor} has seen everything there is (outcome included). */
  boolean exhaustedAt(long cursor) {
    return end != null && cursor >= chunks.size() + (end.outcome() == Outcome.COMPLETED ? 1 : 0);
  }
}
