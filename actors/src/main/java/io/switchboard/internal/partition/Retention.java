package io.switchboard.internal.partition;

import java.util.List;

/** Drops settled messages older than the topic's retention, checked at most once a second. */
final class Retention {
  private static final long CHECK_MILLIS = 1000;

  private final long retentionMillis;
  private long lastCheck;

  Retention(long retentionMillis) {
    this.retentionMillis = retentionMillis;
  }

  /** Returns the trim to write when one is due and something is old enough, else nothing. */
  Write trimIfDue(long nowMillis, PartitionState state) {
    if (retentionMillis == 0 || nowMillis - lastCheck < CHECK_MILLIS) {
      return Write.NONE;
    }
    lastCheck = nowMillis;
    long cutoff = nowMillis - retentionMillis;
    if (!state.hasTrimmable(cutoff)) {
      return Write.NONE;
    }
    return new Write(List.of(new PartitionEvent.Trimmed(cutoff)), Write.NOTHING);
  }
}
