/**
 * The embedded journal: {@link io.switchboard.internal.journal.RocksJournal} and {@link
 * io.switchboard.internal.journal.RocksSnapshotStore} are Pekko Persistence plugins over one
 * RocksDB per node, whose writes from every persistence id share one node-wide group commit.
 */
package io.switchboard.internal.journal;
