package io.switchboard.internal.partition;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.priority.PrioritySettings;
import java.time.Duration;

/**
 * The {@code switchboard.partition} and {@code switchboard.consumer} settings a partition uses, and
 * {@code switchboard.ask-timeout} (how long it waits for its dead-letter topic to store).
 */
record PartitionSettings(
    int maxBatchMessages,
    long maxBatchBytes,
    int snapshotEvery,
    Duration tickInterval,
    Duration passivateAfter,
    Duration overloadedRetryAfter,
    Duration heartbeatTimeout,
    Duration loadReportInterval,
    Duration ackWriteDelay,
    long memoryBudget,
    int indexInterval,
    PrioritySettings priority,
    int snapshotSizeRatio,
    Duration askTimeout,
    int startupStash) {

  /** Settings with the reference priority bands, snapshot-size-ratio, ask-timeout and stash. */
  PartitionSettings(
      int maxBatchMessages,
      long maxBatchBytes,
      int snapshotEvery,
      Duration tickInterval,
      Duration passivateAfter,
      Duration overloadedRetryAfter,
      Duration heartbeatTimeout,
      Duration loadReportInterval,
      Duration ackWriteDelay,
      long memoryBudget,
      int indexInterval) {
    this(
        maxBatchMessages,
        maxBatchBytes,
        snapshotEvery,
        tickInterval,
        passivateAfter,
        overloadedRetryAfter,
        heartbeatTimeout,
        loadReportInterval,
        ackWriteDelay,
        memoryBudget,
        indexInterval,
        PrioritySettings.DEFAULTS,
        Reference.SETTINGS.snapshotSizeRatio,
        Reference.SETTINGS.askTimeout,
        Reference.SETTINGS.startupStash);
  }

  /** The settings of reference.conf, read when first used. */
  static final class Reference {
    static final PartitionSettings SETTINGS =
        fromConfig(ConfigFactory.defaultReference().getConfig("switchboard"));

    private Reference() {}
  }

  /** The longest ack-write-delay accepted. */
  static final Duration MAX_ACK_WRITE_DELAY = Duration.ofSeconds(1);

  static PartitionSettings fromConfig(Config switchboard) {
    Config partition = switchboard.getConfig("partition");
    PartitionSettings settings =
        new PartitionSettings(
            partition.getInt("max-batch-messages"),
            partition.getBytes("max-batch-bytes"),
            partition.getInt("snapshot-every"),
            partition.getDuration("tick-interval"),
            partition.getDuration("passivate-after"),
            partition.getDuration("overloaded-retry-after"),
            switchboard.getDuration("consumer.heartbeat-timeout"),
            partition.getDuration("load-report-interval"),
            partition.getDuration("ack-write-delay"),
            partition.getBytes("memory-budget"),
            partition.getInt("index-interval"),
            PrioritySettings.fromConfig(switchboard),
            partition.getInt("snapshot-size-ratio"),
            switchboard.getDuration("ask-timeout"),
            partition.getInt("startup-stash"));
    if (settings.maxBatchMessages < 1
        || settings.snapshotEvery < 1
        || settings.snapshotSizeRatio < 1) {
      throw new IllegalArgumentException(
          "switchboard.partition.max-batch-messages, snapshot-every and snapshot-size-ratio must"
              + " be >= 1, got "
              + settings.maxBatchMessages
              + ", "
              + settings.snapshotEvery
              + " and "
              + settings.snapshotSizeRatio);
    }
    if (settings.ackWriteDelay.isNegative()
        || settings.ackWriteDelay.compareTo(MAX_ACK_WRITE_DELAY) > 0) {
      throw new IllegalArgumentException(
          "switchboard.partition.ack-write-delay must be 0 to 1s, got " + settings.ackWriteDelay);
    }
    if (settings.startupStash < 1) {
      throw new IllegalArgumentException(
          "switchboard.partition.startup-stash must be >= 1, got " + settings.startupStash);
    }
    if (settings.memoryBudget < MIN_MEMORY_BUDGET || settings.indexInterval < 1) {
      throw new IllegalArgumentException(
          "switchboard.partition.memory-budget must be >= 64 KiB and"
              + " index-interval >= 1, got "
              + settings.memoryBudget
              + " and "
              + settings.indexInterval);
    }
    return settings;
  }

  /** The smallest memory-budget accepted. */
  static final long MIN_MEMORY_BUDGET = 64 << 10;

  /** Returns the rules a journaled partition applies its events with. */
  StateRules journaledRules(long retentionMillis, long windowMillis) {
    // An index entry per eighth of the budget at least: a read for one budget spans few entries.
    return new StateRules(
        retentionMillis, windowMillis, memoryBudget, indexInterval, Math.max(1, memoryBudget / 8));
  }

  /** Returns these settings with acks written at once (a transient partition writes nothing). */
  PartitionSettings withoutAckWriteDelay() {
    return new PartitionSettings(
        maxBatchMessages,
        maxBatchBytes,
        snapshotEvery,
        tickInterval,
        passivateAfter,
        overloadedRetryAfter,
        heartbeatTimeout,
        loadReportInterval,
        Duration.ZERO,
        memoryBudget,
        indexInterval,
        priority,
        snapshotSizeRatio,
        askTimeout,
        startupStash);
  }
}
