package io.switchboard.internal.journal;

import java.io.IOException;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/**
 * A journal write that failed because the journal's disk is full. {@link #written()} says whether
 * the write may still be on disk (it hit the full disk) or was refused without being tried.
 */
public final class JournalFullException extends IOException {
  private static final long serialVersionUID = 1L;

  private final boolean written;

  JournalFullException(String message, boolean written, Throwable cause) {
    super(message, cause);
    this.written = written;
  }

  /** Returns whether the write reached the disk in part (its outcome is unknown). */
  public boolean written() {
    return written;
  }

  /**
   * Returns whether {@code failure} or one of its causes is a journal write lost to a full disk.
   */
  public static boolean isCause(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof JournalFullException) {
        return true;
      }
    }
    return false;
  }

  /** Returns whether RocksDB failed {@code e} for want of space (ENOSPC, or its space limit). */
  static boolean isNoSpace(RocksDBException e) {
    Status status = e.getStatus();
    if (status != null && status.getSubCode() == Status.SubCode.NoSpace) {
      return true;
    }
    // Errors relayed from the background-error state keep only the text of the first failure.
    return String.valueOf(e.getMessage()).contains("No space left on device");
  }
}
