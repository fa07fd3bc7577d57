package io.switchboard.internal.partition;

/**
 * Counts a durable partition's journal writes and the events they carried, since it started: what
 * the topic page shows as the partition's write load. A transient partition counts nothing.
 */
final class JournalWrites {
  private final boolean journaled;
  private long writes;
  private long events;

  JournalWrites(boolean journaled) {
    this.journaled = journaled;
  }

  /** Counts {@code write} when it goes to the journal (it carries events). */
  void count(Write write) {
    if (journaled && !write.events().isEmpty()) {
      writes++;
      events += write.events().size();
    }
  }

  long writes() {
    return writes;
  }

  long events() {
    return events;
  }
}
