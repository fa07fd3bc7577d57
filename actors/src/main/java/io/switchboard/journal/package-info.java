/**
 * The embedded journal: {@link io.switchboard.journal.RocksJournal} and {@link
 * io.switchboard.journal.RocksSnapshotStore} are Pekko Persistence plugins over one RocksDB per
 * node, whose writes from every persistence id share one node-wide group commit.
 */
package io.switchboard.journal;
