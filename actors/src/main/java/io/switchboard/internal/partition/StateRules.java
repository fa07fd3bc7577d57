package io.switchboard.internal.partition;

/**
 * What a partition's state needs beyond its events to apply them: the topic's retention and
 * idempotency window, and how many message bodies it may keep in memory.
 *
 * @param memoryBudget bytes of messages held in memory; beyond it they are read from the journal
 * @param indexInterval messages per entry of the journal index
 * @param indexBytes payload bytes per entry of the journal index
 */
record StateRules(
    long retentionMillis,
    long windowMillis,
    long memoryBudget,
    int indexInterval,
    long indexBytes) {

  /** Rules of a partition without a journal: every message stays in memory. */
  static StateRules inMemory(long retentionMillis, long windowMillis) {
    return new StateRules(
        retentionMillis, windowMillis, Long.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE);
  }

  /** Returns whether bodies may be left in the journal (else every stored body stays in memory). */
  boolean paged() {
    return memoryBudget != Long.MAX_VALUE;
  }
}
