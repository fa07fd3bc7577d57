package io.switchboard.internal.journal;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An EventSourcedBehavior round trip through the RocksDB plugins, across restarts of the system.
 */
class RocksJournalTest {
  @TempDir Path dir;

  private ActorTestKit start() {
    return ActorTestKit.create(
        ConfigFactory.parseMap(
                Map.of("switchboard.journal.rocksdb.dir", dir.toAbsolutePath().toString()))
            .withFallback(
                ConfigFactory.parseString(
                    """
            pekko.actor.provider = local
            pekko.persistence.journal.plugin = "switchboard-rocksdb-journal"
            pekko.persistence.snapshot-store.plugin = "switchboard-rocksdb-snapshot-store"
            """))
            .withFallback(ConfigFactory.load()));
  }

  private static int ask(ActorTestKit kit, ActorRef<Counter.Command> counter, boolean add, int n) {
    TestProbe<Integer> probe = kit.createTestProbe();
    counter.tell(add ? new Counter.Add(n, probe.ref()) : new Counter.Get(probe.ref()));
    // Generous: the machine is shared, and the first write of a system warms everything up.
    return probe.receiveMessage(Duration.ofSeconds(30));
  }

  @Test
  void eventSourcedBehaviorRecoversThroughThePlugins() {
    ActorTestKit first = start();
    try {
      ActorRef<Counter.Command> counter = first.spawn(new Counter("c-1"));
      for (int n = 1; n <= 10; n++) {
        ask(first, counter, true, n);
      }
      first.stop(counter);
      ActorRef<Counter.Command> again = first.spawn(new Counter("c-1"));
      assertThat(ask(first, again, false, 0)).isEqualTo(55);
      WriteStats stats = RocksStorage.get(first.system().classicSystem()).store().stats();
      assertThat(stats.events()).isEqualTo(10);
    } finally {
      first.shutdownTestKit();
    }

    // A new system opens the same directory: the first one closed it when it terminated.
    ActorTestKit second = start();
    try {
      ActorRef<Counter.Command> counter = second.spawn(new Counter("c-1"));
      assertThat(ask(second, counter, false, 0)).isEqualTo(55);
      assertThat(ask(second, counter, true, 45)).isEqualTo(100);
      JournalStore store = RocksStorage.get(second.system().classicSystem()).store();
      // The snapshot at 9 (keeping one snapshot of 3 events back) deleted events up to 6.
      List<String> left =
          JournalStoreTest.replay(
              store, store.existingId("c-1"), 0, Long.MAX_VALUE, Long.MAX_VALUE);
      assertThat(left).hasSize(5).first().asString().startsWith("7=");
      assertThat(store.highestSequenceNr(store.existingId("c-1"))).isEqualTo(11);
    } catch (Exception e) {
      throw new AssertionError(e);
    } finally {
      second.shutdownTestKit();
    }
  }
}
