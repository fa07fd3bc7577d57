package io.switchboard.runtime.lease;

import java.sql.SQLException;

/** A journal write refused because this node does not hold the lease guarding it. */
public final class FencedWriteException extends SQLException {
  private static final long serialVersionUID = 1L;

  /** A write of {@code persistenceIds} refused for want of {@code lease}. */
  public FencedWriteException(String persistenceIds, String lease) {
    super(
        "write of "
            + persistenceIds
            + " refused: lease "
            + lease
            + " is not held by this node (it was lost or taken over); nothing was written");
  }
}
