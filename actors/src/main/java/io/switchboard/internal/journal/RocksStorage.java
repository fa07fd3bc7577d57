package io.switchboard.internal.journal;

import java.time.Clock;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.actor.ExtensionId;
import org.apache.pekko.dispatch.Batchable;
import org.apache.pekko.dispatch.MessageDispatcher;

/**
 * The one {@link JournalStore} of an actor system, shared by the journal and the snapshot store,
 * opened on first use from {@code switchboard.journal} and closed when the system terminates.
 */
final class RocksStorage implements Extension {
  private static final ExtensionId<RocksStorage> ID =
      new AbstractExtensionId<>() {
        @Override
        public RocksStorage createExtension(ExtendedActorSystem system) {
          return new RocksStorage(system);
        }
      };

  private final JournalStore store;
  private final ValueCodec codec;
  private final Clock clock = Clock.systemUTC();

  private RocksStorage(ExtendedActorSystem system) {
    JournalSettings settings =
        JournalSettings.fromConfig(system.settings().config().getConfig("switchboard.journal"));
    store =
        JournalStore.open(
            settings,
            batchedOn(
                system
                    .dispatchers()
                    .lookup(
                        system
                            .settings()
                            .config()
                            .getString("switchboard-rocksdb-journal.plugin-dispatcher"))));
    codec = new ValueCodec(system);
    // Termination callbacks run after every actor stopped, so no plugin uses the store any more.
    system.registerOnTermination(store::close);
  }

  /**
   * Runs each task on {@code dispatcher} as a batch: the journal's callbacks that the task's
   * confirms trigger (Pekko's, on the same dispatcher) then run on that thread after it instead of
   * each waking a thread of their own.
   */
  private static Executor batchedOn(MessageDispatcher dispatcher) {
    return task ->
        dispatcher.execute(
            new Batchable() {
              @Override
              public boolean isBatchable() {
                return true;
              }

              @Override
              public void run() {
                task.run();
              }
            });
  }

  static RocksStorage get(ActorSystem system) {
    return ID.get(system);
  }

  JournalStore store() {
    return store;
  }

  ValueCodec codec() {
    return codec;
  }

  /** Returns the clock that stamps events and snapshots that arrive without a timestamp. */
  Clock clock() {
    return clock;
  }
}
