package io.switchboard.journal;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;

/** The {@code switchboard.journal} settings of the embedded journal. */
record JournalSettings(Path dir, Durability durability, long maxBatchBytes, long maxWalBytes,
    Duration resumeInterval) {

  static JournalSettings fromConfig(Config journal) {
    Config rocks = journal.getConfig("rocksdb");
    JournalSettings settings = new JournalSettings(
        Path.of(rocks.getString("dir")),
        Durability.parse(journal.getString("durability")),
        rocks.getBytes("max-batch-bytes"),
        rocks.getBytes("max-wal-bytes"),
        rocks.getDuration("resume-interval"));
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
    return settings;
  }
}
