package io.switchboard.internal.partition;

import io.switchboard.internal.protocol.PartitionProtocol.Browse;
import io.switchboard.internal.protocol.PartitionProtocol.Browsed;
import io.switchboard.internal.protocol.PartitionProtocol.Command;
import io.switchboard.message.Message;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Reads message bodies back from the partition's journal: to refill the window when it drains below
 * half its budget ("page in"), and to browse messages whose bodies are not in memory. One read at a
 * time, since the journal's replies carry no request id; each read covers about one budget of
 * payload, so what it brings into the mailbox is bounded too.
 */
final class PageReader {
  /** One event of a read, as the journal replayed it. */
  record Replayed(long seqNr, Object event) implements Command {}

  /** A read ended; {@code failure} is null when it ended well. */
  record ReplayDone(Throwable failure) implements Command {}

  /** A browse that waits for a read: the offsets it shows, and the bodies found so far. */
  private record BrowseRead(Browse request, List<Long> offsets, Message[] bodies) {}

  private final PartitionContext context;
  private final long budget;
  private final Deque<BrowseRead> browses = new ArrayDeque<>();
  private boolean reading;

  /** The browse the read in flight serves, or null when it pages in. */
  private BrowseRead current;

  private boolean wantMore;

  /** How many bytes the window may hold when the page-in in flight ends. */
  private long readLimit;

  PageReader(PartitionContext context, long budget) {
    this.context = context;
    this.budget = budget;
  }

  /** Starts a read when the window is below half its budget and bodies wait in the journal. */
  void pageInIfNeeded(PartitionState state) {
    if (state.window().belowLowWater(budget)) {
      pageIn(state, budget);
    }
  }

  /**
   * Starts a read of about one budget beyond what the window holds, whatever it holds: for a group
   * whose consumers have credit while deliveries they hold unacked fill the window. Otherwise those
   * consumers would wait for their own acks (a consumer that acks after N messages, N beyond the
   * window, would wait forever). Heap beyond the budget is then bounded by the consumers' credit:
   * the read happens only while some consumer can take more.
   */
  void pageInBeyondWindow(PartitionState state) {
    pageIn(state, Math.max(budget, state.window().bytes() + budget));
  }

  private void pageIn(PartitionState state, long limit) {
    if (reading || !browses.isEmpty() || !state.hasPagedOut()) {
      return;
    }
    long from = state.nextNeeded(state.window().pagedFrom());
    reading = true;
    wantMore = true;
    current = null;
    readLimit = limit;
    context.readJournal(state.index().readFrom(from, limit - state.window().bytes()));
  }

  /**
   * Answers with the bodies of {@code offsets}: at once when they are in memory, else after a read.
   */
  void browse(Browse browse, List<Long> offsets, PartitionState state) {
    List<Message> bodies = new ArrayList<>(offsets.size());
    for (long offset : offsets) {
      Message body = state.message(offset);
      if (body == null) {
        browses.add(new BrowseRead(browse, offsets, new Message[offsets.size()]));
        startBrowse(state);
        return;
      }
      bodies.add(body);
    }
    browse.replyTo().tell(new Browsed(offsets, bodies));
  }

  /** Takes one replayed event. */
  void onReplayed(Replayed replayed, PartitionState state) {
    if (!(replayed.event() instanceof PartitionEvent.Enqueued enqueued)) {
      return;
    }
    if (current != null) {
      collect(current, enqueued);
    } else if (wantMore) {
      wantMore = state.pagedIn(enqueued, readLimit);
    }
  }

  /** Ends a read: answers its browse, starts the next one; returns whether bodies came in. */
  boolean onDone(ReplayDone done, PartitionState state) {
    reading = false;
    if (done.failure() != null) {
      context
          .log()
          .warn("reading the journal back failed, retrying on the next tick", done.failure());
    }
    BrowseRead served = current;
    current = null;
    if (served != null) {
      browses.poll();
      List<Long> offsets = new ArrayList<>();
      List<Message> bodies = new ArrayList<>();
      for (int i = 0; i < served.offsets().size(); i++) {
        if (served.bodies()[i] != null) { // one removed meanwhile is left out
          offsets.add(served.offsets().get(i));
          bodies.add(served.bodies()[i]);
        }
      }
      served.request().replyTo().tell(new Browsed(offsets, bodies));
    }
    startBrowse(state);
    return served == null;
  }

  private void startBrowse(PartitionState state) {
    if (reading || browses.isEmpty()) {
      return;
    }
    current = browses.peek();
    reading = true;
    long bytes = Math.max(budget, (long) current.offsets().size() * BodyWindow.OVERHEAD_BYTES);
    context.readJournal(state.index().readFrom(current.offsets().get(0), bytes));
  }

  private static void collect(BrowseRead read, PartitionEvent.Enqueued enqueued) {
    long first = enqueued.firstOffset();
    for (int i = 0; i < read.offsets().size(); i++) {
      long at = read.offsets().get(i) - first;
      if (at >= 0 && at < enqueued.messages().size()) {
        read.bodies()[i] = enqueued.messages().get((int) at);
      }
    }
  }
}
