package io.switchboard.internal.journal;

import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Test access to the embedded journal's write counters (package-private in the library; same
 * package).
 */
public final class JournalCounts {
  private JournalCounts() {}

  /** Returns the journal calls (one per persist or persistAll) since the journal opened. */
  public static long writes(ActorSystem<?> system) {
    return RocksStorage.get(org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(system))
        .store()
        .stats()
        .writes();
  }

  /** Returns the events written since the journal opened. */
  public static long events(ActorSystem<?> system) {
    return RocksStorage.get(org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(system))
        .store()
        .stats()
        .events();
  }
}
