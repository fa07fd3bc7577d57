package io.switchboard.internal.journal;

/**
 * Counters of the group commit since the journal opened: {@code writes} submitted (one per journal
 * call), {@code events} they carried, {@code batches} written, {@code syncs} to the device (one per
 * batch in fsync mode, none in os mode) and the longest batch write (with its sync) in
 * microseconds.
 */
record WriteStats(long writes, long events, long batches, long syncs, long longestWriteMicros) {

  /** Returns the events per sync, or 0 when nothing was synced. */
  double eventsPerSync() {
    return syncs == 0 ? 0 : (double) events / syncs;
  }

  /**
   * Returns the counts accumulated since {@code earlier} (the longest write stays the overall one).
   */
  WriteStats minus(WriteStats earlier) {
    return new WriteStats(
        writes - earlier.writes,
        events - earlier.events,
        batches - earlier.batches,
        syncs - earlier.syncs,
        longestWriteMicros);
  }
}
