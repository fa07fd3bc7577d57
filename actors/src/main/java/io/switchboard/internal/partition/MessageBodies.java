package io.switchboard.internal.partition;

import io.switchboard.message.Message;

/** Where a dispatcher finds the bodies of the offsets it hands out. */
@FunctionalInterface
interface MessageBodies {
  /** Returns the body of {@code offset} when it is in memory, else null. */
  Message message(long offset);

  /** Returns whether {@code offset}'s body is in the journal only: delivery waits for it. */
  default boolean pagedOut(long offset) {
    return false;
  }

  /** Returns the class (band, tenant, cost) of a stored message, or null for the default class. */
  default MessageClass classOf(long offset) {
    return null;
  }
}
