package io.switchboard.internal.request;

import io.switchboard.SwitchboardException;
import io.switchboard.internal.request.ReplyProtocol.Append;
import io.switchboard.internal.request.ReplyProtocol.Finish;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.pattern.StatusReply;

/**
 * What a reply stream accepted but has not stored, in seq order: appends gathered behind the chunk
 * write in flight (within the window: the next write stores them all), appends waiting for the
 * caller to read (beyond the window: backpressure on the worker), and a final reply held behind
 * them.
 */
final class HeldAppends {
  private final List<Append> gathered = new ArrayList<>();
  private final ArrayDeque<Append> waiting = new ArrayDeque<>();
  private Finish finish;

  /** Returns the appends held, gathered and waiting. */
  int size() {
    return gathered.size() + waiting.size();
  }

  int gatheredCount() {
    return gathered.size();
  }

  int waitingCount() {
    return waiting.size();
  }

  /** Returns whether nothing is held, final reply included. */
  boolean isEmpty() {
    return size() == 0 && finish == null;
  }

  Finish finish() {
    return finish;
  }

  void gather(Append append) {
    gathered.add(append);
  }

  void await(Append append) {
    waiting.add(append);
  }

  /** Holds the final reply until the waiting appends are written. */
  void holdFinish(Finish held) {
    finish = held;
  }

  /** Takes the gathered appends for the next write. */
  List<Append> takeGathered() {
    List<Append> taken = List.copyOf(gathered);
    gathered.clear();
    return taken;
  }

  /**
   * Takes the gathered appends, then waiting ones while fewer than {@code window} chunks would be
   * unread after {@code readCursor} ({@code stored} are stored).
   */
  List<Append> takeWritable(long stored, long readCursor, int window) {
    List<Append> taken = new ArrayList<>(gathered);
    gathered.clear();
    while (!waiting.isEmpty() && stored + taken.size() - readCursor < window) {
      taken.add(waiting.poll());
    }
    return taken;
  }

  /** Takes the final reply once no append waits before it, else returns null. */
  Finish takeFinishIfDue() {
    Finish due = waiting.isEmpty() ? finish : null;
    if (due != null) {
      finish = null;
    }
    return due;
  }

  /** Refuses everything held with {@code why} and returns how many were refused. */
  int refuse(SwitchboardException why) {
    int refused = size() + (finish != null ? 1 : 0);
    gathered.forEach(a -> a.replyTo().tell(StatusReply.error(why)));
    waiting.forEach(a -> a.replyTo().tell(StatusReply.error(why)));
    gathered.clear();
    waiting.clear();
    if (finish != null) {
      finish.replyTo().tell(StatusReply.error(why));
      finish = null;
    }
    return refused;
  }
}
