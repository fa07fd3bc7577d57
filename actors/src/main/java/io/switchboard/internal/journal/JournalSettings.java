package io.switchboard.internal.journal;

import com.typesafe.config.Config;
import io.switchboard.settings.CheckedConfig;
import java.nio.file.Path;
import java.time.Duration;

/** The {@code switchboard.journal} settings of the embedded journal. */
record JournalSettings(
    Path dir,
    Durability durability,
    long maxBatchBytes,
    long maxWalBytes,
    Duration resumeInterval,
    Duration compactionInterval,
    Duration commitDelay,
    int recycleLogFiles,
    int maxSyncsPerSecond) {

  static final Duration DEFAULT_RESUME_INTERVAL = Duration.ofMillis(500);
  static final Duration DEFAULT_COMPACTION_INTERVAL = Duration.ofMinutes(1);
  // Every confirm waits up to this long: more would be a latency no caller expects of a journal.
  static final Duration MAX_COMMIT_DELAY = Duration.ofMillis(100);
  static final int DEFAULT_RECYCLE_LOG_FILES = 1;
  // Each kept log holds about one memory table (64 MiB) of disk: more would only hold disk.
  static final int MAX_RECYCLE_LOG_FILES = 16;
  static final int DEFAULT_MAX_SYNCS_PER_SECOND = 500;
  // Fewer would space syncs more than the longest commit delay apart (100ms); more is no limit.
  static final int MIN_SYNCS_PER_SECOND = 10;
  static final int MAX_SYNCS_PER_SECOND = 1_000_000;

  JournalSettings(Path dir, Durability durability, long maxBatchBytes, long maxWalBytes) {
    this(
        dir,
        durability,
        maxBatchBytes,
        maxWalBytes,
        DEFAULT_RESUME_INTERVAL,
        DEFAULT_COMPACTION_INTERVAL);
  }

  /**
   * Settings without a commit delay or sync limit (each batch is written as soon as the writer is
   * free).
   */
  JournalSettings(
      Path dir,
      Durability durability,
      long maxBatchBytes,
      long maxWalBytes,
      Duration resumeInterval,
      Duration compactionInterval) {
    this(
        dir,
        durability,
        maxBatchBytes,
        maxWalBytes,
        resumeInterval,
        compactionInterval,
        Duration.ZERO,
        DEFAULT_RECYCLE_LOG_FILES,
        0);
  }

  /** Returns the shortest time between the starts of two syncs; zero when syncs are not limited. */
  Duration minSyncInterval() {
    return maxSyncsPerSecond == 0
        ? Duration.ZERO
        : Duration.ofNanos(1_000_000_000L / maxSyncsPerSecond);
  }

  static JournalSettings fromConfig(Config journal) {
    Config rocks = journal.getConfig("rocksdb");
    JournalSettings settings =
        new JournalSettings(
            Path.of(rocks.getString("dir")),
            CheckedConfig.at(journal, "switchboard.journal").oneOf("durability", Durability.class),
            rocks.getBytes("max-batch-bytes"),
            rocks.getBytes("max-wal-bytes"),
            rocks.getDuration("resume-interval"),
            rocks.getDuration("compaction-interval"),
            rocks.getDuration("commit-delay"),
            rocks.getInt("recycle-log-files"),
            rocks.getInt("max-syncs-per-second"));
    if (settings.maxBatchBytes < 1) {
      throw new IllegalArgumentException(
          "switchboard.journal.rocksdb.max-batch-bytes must be >= 1, got "
              + settings.maxBatchBytes);
    }
    if (settings.maxWalBytes < 1024 * 1024) {
      throw new IllegalArgumentException(
          "switchboard.journal.rocksdb.max-wal-bytes must be >= 1 MiB, got "
              + settings.maxWalBytes);
    }
    if (settings.resumeInterval.toMillis() < 1) {
      throw new IllegalArgumentException(
          "switchboard.journal.rocksdb.resume-interval must be >= 1ms, got "
              + settings.resumeInterval);
    }
    if (settings.compactionInterval.isNegative()) {
      throw new IllegalArgumentException(
          "switchboard.journal.rocksdb.compaction-interval must be >= 0 (0: off), got "
              + settings.compactionInterval);
    }
    if (settings.commitDelay.isNegative() || settings.commitDelay.compareTo(MAX_COMMIT_DELAY) > 0) {
      throw new IllegalArgumentException(
          "switchboard.journal.rocksdb.commit-delay must be between 0 "
              + "(off) and "
              + MAX_COMMIT_DELAY.toMillis()
              + "ms, got "
              + settings.commitDelay);
    }
    if (settings.recycleLogFiles < 0 || settings.recycleLogFiles > MAX_RECYCLE_LOG_FILES) {
      throw new IllegalArgumentException(
          "switchboard.journal.rocksdb.recycle-log-files must be between 0 "
              + "(off) and "
              + MAX_RECYCLE_LOG_FILES
              + ", got "
              + settings.recycleLogFiles);
    }
    int syncs = settings.maxSyncsPerSecond;
    if (syncs != 0 && (syncs < MIN_SYNCS_PER_SECOND || syncs > MAX_SYNCS_PER_SECOND)) {
      throw new IllegalArgumentException(
          "switchboard.journal.rocksdb.max-syncs-per-second must be 0 (no "
              + "limit) or between "
              + MIN_SYNCS_PER_SECOND
              + " and "
              + MAX_SYNCS_PER_SECOND
              + ", got "
              + syncs);
    }
    return settings;
  }
}
