package io.switchboard.partition;

import com.typesafe.config.Config;
import java.time.Duration;

/** The {@code switchboard.partition} and {@code switchboard.consumer} settings a partition uses. */
record PartitionSettings(
    int maxBatchMessages,
    long maxBatchBytes,
    int snapshotEvery,
    Duration tickInterval,
    Duration passivateAfter,
    Duration overloadedRetryAfter,
    Duration heartbeatTimeout,
    Duration loadReportInterval,
    Duration ackWriteDelay) {

  /** The longest ack-write-delay accepted. */
  static final Duration MAX_ACK_WRITE_DELAY = Duration.ofSeconds(1);

  static PartitionSettings fromConfig(Config switchboard) {
    Config partition = switchboard.getConfig("partition");
    PartitionSettings settings = new PartitionSettings(
        partition.getInt("max-batch-messages"),
        partition.getBytes("max-batch-bytes"),
        partition.getInt("snapshot-every"),
        partition.getDuration("tick-interval"),
        partition.getDuration("passivate-after"),
        partition.getDuration("overloaded-retry-after"),
        switchboard.getDuration("consumer.heartbeat-timeout"),
        partition.getDuration("load-report-interval"),
        partition.getDuration("ack-write-delay"));
    if (settings.maxBatchMessages < 1 || settings.snapshotEvery < 1) {
      throw new IllegalArgumentException(
          "switchboard.partition.max-batch-messages and snapshot-every must be >= 1, got "
              + settings.maxBatchMessages + " and " + settings.snapshotEvery);
    }
    if (settings.ackWriteDelay.isNegative() || settings.ackWriteDelay.compareTo(MAX_ACK_WRITE_DELAY) > 0) {
      throw new IllegalArgumentException("switchboard.partition.ack-write-delay must be 0 to 1s, got "
          + settings.ackWriteDelay);
    }
    return settings;
  }

  /** Returns these settings with acks written at once (a transient partition writes nothing). */
  PartitionSettings withoutAckWriteDelay() {
    return new PartitionSettings(maxBatchMessages, maxBatchBytes, snapshotEvery, tickInterval,
        passivateAfter, overloadedRetryAfter, heartbeatTimeout, loadReportInterval, Duration.ZERO);
  }
}
