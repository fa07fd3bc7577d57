package io.switchboard.internal.partition;

import java.time.Duration;

/**
 * When a partition writes next: soon (a {@link PartitionCore.Flush} sent to self, so that every
 * command already in the mailbox joins the write), or, for acks nobody waits for, within
 * ack-write-delay so that they ride on a write that comes anyway.
 */
final class WriteTimer {
  private final PartitionContext context;
  private final Duration ackWriteDelay;
  private boolean flushScheduled;
  private boolean settleWriteTimed;

  WriteTimer(PartitionContext context, Duration ackWriteDelay) {
    this.context = context;
    this.ackWriteDelay = ackWriteDelay;
  }

  /** Asks for a write after the commands already in the mailbox (once, however often asked). */
  void flushSoon() {
    if (!flushScheduled) {
      flushScheduled = true;
      context.tellSelf(PartitionCore.Flush.INSTANCE);
    }
  }

  /** Returns whether a flush is asked for and not yet taken. */
  boolean flushScheduled() {
    return flushScheduled;
  }

  /** Records that the flush asked for is being written. */
  void flushTaken() {
    flushScheduled = false;
  }

  /**
   * Lets acks nobody waits for ride on the next write instead of forcing one, but for no longer
   * than ack-write-delay. Safe because an ack is idempotent and only shrinks what is owed: one lost
   * in a crash before its write makes its message delivered again, never lost.
   */
  void settlesSoon() {
    if (flushScheduled || settleWriteTimed) {
      return;
    }
    if (ackWriteDelay.isZero()) {
      flushSoon();
      return;
    }
    settleWriteTimed = true;
    context.tellSelfAfter(ackWriteDelay, PartitionCore.WriteSettles.INSTANCE);
  }

  /** Records that ack-write-delay passed; the caller flushes if acks still wait. */
  void settleTimerFired() {
    settleWriteTimed = false;
  }
}
