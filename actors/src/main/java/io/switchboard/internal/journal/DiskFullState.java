package io.switchboard.internal.journal;

import org.rocksdb.AbstractEventListener;
import org.rocksdb.Status;

/**
 * Whether the journal's disk was full at the last write. RocksDB then stops taking writes until its
 * {@code SstFileManager} sees free space again and resumes it (it polls every 5 s); meanwhile the
 * writer refuses writes untried, and tries one at most once per probe interval.
 */
final class DiskFullState {
  private final long probeIntervalNanos;
  private volatile boolean full;
  private volatile long nextProbeNanos;

  DiskFullState(long probeIntervalNanos) {
    this.probeIntervalNanos = probeIntervalNanos;
  }

  /** Returns a listener that clears the state when RocksDB has recovered from its error. */
  AbstractEventListener listener() {
    return new AbstractEventListener(
        AbstractEventListener.EnabledEventCallback.ON_ERROR_RECOVERY_COMPLETED) {
      @Override
      public void onErrorRecoveryCompleted(Status oldBackgroundError) {
        full = false;
      }
    };
  }

  /** Records a write that failed for want of space at {@code nowNanos}. */
  void markFull(long nowNanos) {
    nextProbeNanos = nowNanos + probeIntervalNanos;
    full = true;
  }

  /** Returns whether a write should be tried at {@code nowNanos}; a probe while full counts. */
  boolean mayWrite(long nowNanos) {
    if (!full) {
      return true;
    }
    if (nowNanos - nextProbeNanos < 0) {
      return false;
    }
    nextProbeNanos = nowNanos + probeIntervalNanos;
    return true;
  }

  boolean full() {
    return full;
  }
}
