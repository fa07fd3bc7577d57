package io.switchboard.journal;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;

/** The {@code switchboard.journal} settings of the embedded journal. */
record JournalSettings(Path dir, Durability durability, long maxBatchBytes, long maxWalBytes,
    Duration resumeInterval, Duration compactionInterval) {

  static final Duration DEFAULT_RESUME_INTERVAL = Duration.ofMillis(500);
  static final Duration DEFAULT_COMPACTION_INTERVAL = Duration.ofMinutes(1);

  JournalSettings(Path dir, Durability durability, long maxBatchBytes, long maxWalBytes) {
    this(dir, durability, maxBatchBytes, maxWalBytes, DEFAULT_RESUME_INTERVAL, DEFAULT_COMPACTION_INTERVAL);
  }

  static JournalSettings fromConfig(Config journal) {
    Config rocks = journal.getConfig("rocksdb");
    JournalSettings settings = new JournalSettings(
        Path.of(rocks.getString("dir")),
        Durability.parse(journal.getString("durability")),
        rocks.getBytes("max-batch-bytes"),
        rocks.getBytes("max-wal-bytes"),
        rocks.getDuration("resume-interval"),
        rocks.getDuration("compaction-interval"));
    if (settings.maxBatchBytes < 1) {
      throw new IllegalArgumentException(
          "switchboard.journal.rocksdb.max-batch-bytes must be >= 1, got " + settings.maxBatchBytes);
    }
    if (settings.maxWalBytes < 1024 * 1024) {
      throw new IllegalArgumentException(
          "switchboard.journal.rocksdb.max-wal-bytes must be >= 1 MiB, got " + settings.maxWalBytes);
    }
    if (settings.resumeInterval.toMillis() < 1) {
      throw new IllegalArgumentException(
          "switchboard.journal.rocksdb.resume-interval must be >= 1ms, got " + settings.resumeInterval);
    }
    if (settings.compactionInterval.isNegative()) {
      throw new IllegalArgumentException(
          "switchboard.journal.rocksdb.compaction-interval must be >= 0 (0: off), got "
              + settings.compactionInterval);
    }
    return settings;
  }
}
