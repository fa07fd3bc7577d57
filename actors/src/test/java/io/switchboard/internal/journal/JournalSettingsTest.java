package io.switchboard.internal.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The {@code switchboard.journal} settings: defaults, and a clear error for a bad value. */
class JournalSettingsTest {

  private static JournalSettings read(String overrides) {
    Config config = ConfigFactory.load(ConfigFactory.parseString(overrides));
    return JournalSettings.fromConfig(config.getConfig("switchboard.journal"));
  }

  @Test
  void defaultsToFsyncUnderTheDataDirectory() {
    JournalSettings settings = read("switchboard.data-dir = \"/var/sb\"");
    assertThat(settings.durability()).isEqualTo(Durability.FSYNC);
    assertThat(settings.dir()).hasToString("/var/sb/journal-rocksdb");
    assertThat(settings.maxBatchBytes()).isEqualTo(8L << 20);
  }

  @Test
  void reusesOneLogFileUnlessToldOtherwise() {
    assertThat(read("").recycleLogFiles()).isEqualTo(1);
    assertThat(read("switchboard.journal.rocksdb.recycle-log-files = 2").recycleLogFiles())
        .isEqualTo(2);
    assertThatThrownBy(() -> read("switchboard.journal.rocksdb.recycle-log-files = 17"))
        .hasMessage(
            "switchboard.journal.rocksdb.recycle-log-files must be between 0 (off) and 16, got 17");
  }

  @Test
  void readsOsDurabilityInAnyCase() {
    assertThat(read("switchboard.journal.durability = OS").durability()).isEqualTo(Durability.OS);
  }

  @Test
  void rejectsAnUnknownDurabilityNamingIt() {
    assertThatThrownBy(() -> read("switchboard.journal.durability = sometimes"))
        .isInstanceOf(ConfigException.BadValue.class)
        .hasMessageContaining("'switchboard.journal.durability'")
        .hasMessageEndingWith("must be one of fsync, os, got 'sometimes'");
  }

  @Test
  void triesAWriteEveryHalfSecondWhileTheDiskIsFullUnlessToldOtherwise() {
    assertThat(read("").resumeInterval()).isEqualTo(java.time.Duration.ofMillis(500));
    assertThat(read("switchboard.journal.rocksdb.resume-interval = 2s").resumeInterval())
        .isEqualTo(java.time.Duration.ofSeconds(2));
    assertThatThrownBy(() -> read("switchboard.journal.rocksdb.resume-interval = 0s"))
        .hasMessageContaining("resume-interval must be >= 1ms, got PT0S");
  }

  @Test
  void rejectsAnEmptyBatchAndATinyLog() {
    assertThatThrownBy(() -> read("switchboard.journal.rocksdb.max-batch-bytes = 0"))
        .hasMessageContaining("max-batch-bytes must be >= 1, got 0");
    assertThatThrownBy(() -> read("switchboard.journal.rocksdb.max-wal-bytes = 1 KiB"))
        .hasMessageContaining("max-wal-bytes must be >= 1 MiB, got 1024");
  }

  @Test
  void compactsEveryMinuteByDefaultAndRefusesANegativeInterval() {
    assertThat(read("").compactionInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(read("switchboard.journal.rocksdb.compaction-interval = 0s").compactionInterval())
        .isZero();
    assertThatThrownBy(() -> read("switchboard.journal.rocksdb.compaction-interval = -1s"))
        .hasMessageContaining("compaction-interval must be >= 0 (0: off), got PT-1S");
  }

  @Test
  void readsTheCommitDelayAndRefusesOneOutOfRange() {
    assertThat(read("switchboard.journal.rocksdb.commit-delay = 500us").commitDelay())
        .isEqualTo(Duration.ofNanos(500_000));
    assertThatThrownBy(() -> read("switchboard.journal.rocksdb.commit-delay = -1ms"))
        .hasMessageContaining("commit-delay must be between 0 (off) and 100ms, got PT-0.001S");
    assertThatThrownBy(() -> read("switchboard.journal.rocksdb.commit-delay = 1s"))
        .hasMessageContaining("commit-delay must be between 0 (off) and 100ms, got PT1S");
  }

  @Test
  void limitsSyncsTo1000ASecondByDefaultAndRefusesALimitOutOfRange() {
    assertThat(read("").minSyncInterval()).isEqualTo(Duration.ofMillis(1));
    assertThat(read("switchboard.journal.rocksdb.max-syncs-per-second = 0").minSyncInterval())
        .isZero();
    assertThatThrownBy(() -> read("switchboard.journal.rocksdb.max-syncs-per-second = 5"))
        .hasMessageContaining(
            "max-syncs-per-second must be 0 (no limit) or between 10 and 1000000, got 5");
    assertThatThrownBy(() -> read("switchboard.journal.rocksdb.max-syncs-per-second = -1"))
        .hasMessageContaining("got -1");
  }
}
