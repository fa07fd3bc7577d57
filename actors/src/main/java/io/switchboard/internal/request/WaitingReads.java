package io.switchboard.internal.request;

import io.switchboard.internal.request.ReplyProtocol.Batch;
import io.switchboard.internal.request.ReplyProtocol.Read;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.pattern.StatusReply;

/**
 * The callers' reads a reply stream holds until it has something for them (long polls): answered as
 * chunks or the end are stored, or empty when the poll interval passes.
 */
final class WaitingReads {
  private final List<Read> reads = new ArrayList<>();

  void add(Read read) {
    reads.add(read);
  }

  boolean isEmpty() {
    return reads.isEmpty();
  }

  /** Answers every read that has something to read in {@code state}; true when some still wait. */
  boolean answer(ReplyLog state) {
    reads.removeIf(read -> answer(state, read));
    return !reads.isEmpty();
  }

  /** Answers every waiting read with an empty batch: nothing came within the poll interval. */
  void timeOut() {
    reads.forEach(read -> read.replyTo().tell(StatusReply.success(new Batch(List.of(), false))));
    reads.clear();
  }

  private static boolean answer(ReplyLog state, Read read) {
    StatusReply<Batch> answer = state.answer(read.cursor(), read.max());
    if (answer != null) {
      read.replyTo().tell(answer);
    }
    return answer != null;
  }
}
