package io.switchboard.internal.partition;

/**
 * When a durable partition takes a snapshot: once {@code snapshot-every} events were written since
 * the last one, and once the records they carry pay for the last snapshot's size. A snapshot is
 * written whole (the idempotency keys of the last window, the classes of stored messages), so one
 * every hundred events costs each message the whole window of keys over a hundred: at 2,000 keyed
 * messages/s and a 2m window, a quarter of a million entries several times a second. Waiting until
 * the records since the last snapshot reach its entries over {@code snapshot-size-ratio} bounds
 * what a record pays to about that ratio (a record adds at most two entries of its own), and
 * recovery's extra replay to the snapshot's entries over the ratio.
 *
 * <p>Counts what the partition applies, in replay too, so a recovered partition knows how far its
 * last snapshot is behind.
 */
final class SnapshotSchedule {
  private final int everyEvents;
  private final int sizeRatio;
  private long events;
  private long records;
  private long lastEntries;

  SnapshotSchedule(int everyEvents, int sizeRatio) {
    this.everyEvents = everyEvents;
    this.sizeRatio = sizeRatio;
  }

  /** Notes the size of the snapshot a partition recovered from. */
  void recoveredFrom(long entries) {
    lastEntries = entries;
  }

  /** Counts an event applied to the state. */
  void applied(PartitionEvent event) {
    events++;
    records += event instanceof PartitionEvent.Enqueued e ? e.messages().size() : 1;
  }

  /**
   * Returns whether a snapshot of a state with {@code entries} entries is due now; if so, counting
   * starts again from here.
   */
  boolean due(long entries) {
    if (events < everyEvents || records * sizeRatio < lastEntries) {
      return false;
    }
    events = 0;
    records = 0;
    lastEntries = entries;
    return true;
  }
}
