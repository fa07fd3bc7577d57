package io.switchboard.internal.journal;

import java.util.Locale;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/**
 * Lets the benchmarks read the group commit's counters, which the library keeps package-private.
 */
public final class JournalCounters {
  private final WriteStats stats;

  private JournalCounters(WriteStats stats) {
    this.stats = stats;
  }

  /**
   * Returns the counters of the system's embedded journal, or null when it runs another journal.
   */
  public static JournalCounters of(ActorSystem<?> system) {
    String plugin = system.settings().config().getString("pekko.persistence.journal.plugin");
    if (!"switchboard-rocksdb-journal".equals(plugin)) {
      return null;
    }
    return new JournalCounters(RocksStorage.get(Adapter.toClassic(system)).store().stats());
  }

  /** Describes the writes since {@code earlier} per consumed message and per second. */
  public String since(JournalCounters earlier, long messages, double seconds) {
    WriteStats delta = stats.minus(earlier.stats);
    return String.format(
        Locale.ROOT,
        "journal calls/msg=%.2f batches/s=%.0f syncs/s=%.0f events/sync=%.1f longest-write=%.1fms",
        messages == 0 ? 0 : (double) delta.writes() / messages,
        delta.batches() / seconds,
        delta.syncs() / seconds,
        delta.eventsPerSync(),
        delta.longestWriteMicros() / 1000.0);
  }
}
