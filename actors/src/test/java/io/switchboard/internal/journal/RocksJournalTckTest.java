package io.switchboard.internal.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.pekko.persistence.CapabilityFlag;
import org.apache.pekko.persistence.japi.journal.JavaJournalSpec;
import org.apache.pekko.persistence.japi.snapshot.JavaSnapshotStoreSpec;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** The Pekko persistence TCK over the RocksDB journal and snapshot store, on real files. */
class RocksJournalTckTest {
  @TempDir Path dir;

  static Config config(Path dir) {
    return ConfigFactory.parseString(
            """
        pekko.actor.provider = local
        pekko.persistence.journal.plugin = "switchboard-rocksdb-journal"
        pekko.persistence.snapshot-store.plugin = "switchboard-rocksdb-snapshot-store"
        pekko.loglevel = WARNING
        """)
        .withFallback(
            ConfigFactory.parseMap(
                java.util.Map.of(
                    "switchboard.journal.rocksdb.dir", dir.toAbsolutePath().toString())));
  }

  @TestFactory
  Stream<DynamicTest> journalPassesTheTck() throws ReflectiveOperationException {
    return ScalaTestSuites.run(
        new JavaJournalSpec(config(dir.resolve("journal"))) {
          @Override
          public CapabilityFlag supportsRejectingNonSerializableObjects() {
            return CapabilityFlag.on();
          }
        });
  }

  @TestFactory
  Stream<DynamicTest> snapshotStorePassesTheTck() throws ReflectiveOperationException {
    return ScalaTestSuites.run(new JavaSnapshotStoreSpec(config(dir.resolve("snapshots"))));
  }
}
