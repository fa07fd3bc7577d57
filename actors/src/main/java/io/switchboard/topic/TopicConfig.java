package io.switchboard.topic;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import io.switchboard.message.CborSerializable;
import io.switchboard.message.Names;
import java.time.Duration;

/**
 * A topic's settings, fixed at creation.
 *
 * @param name topic name ({@link Names#PATTERN})
 * @param partitions number of partitions, 1 to 1024
 * @param durable whether confirmed messages survive a crash (journal) or live in memory only
 * @param maxAttempts deliveries of one message per group before it goes to dead letters
 * @param ackLease how long a consumer may hold a delivery before it is redelivered
 * @param backlogLimit most messages a partition stores before publishes get {@code OVERLOADED}
 * @param retention how long a message every group has settled stays readable (0: not kept)
 * @param idempotencyWindow how long a partition remembers idempotency keys
 */
public record TopicConfig(
    String name,
    int partitions,
    boolean durable,
    int maxAttempts,
    Duration ackLease,
    int backlogLimit,
    Duration retention,
    Duration idempotencyWindow)
    implements CborSerializable {

  public static final int MAX_PARTITIONS = 1024;

  public TopicConfig {
    Names.requireTopic(name);
    requireRange("partitions", partitions, 1, MAX_PARTITIONS);
    requireRange("maxAttempts", maxAttempts, 1, 1000);
    requireRange("backlogLimit", backlogLimit, 1, 100_000_000);
    requireDuration("ackLease", ackLease, Duration.ofMillis(10));
    requireDuration("retention", retention, Duration.ZERO);
    requireDuration("idempotencyWindow", idempotencyWindow, Duration.ZERO);
  }

  /** Returns a durable topic with the library defaults: 4 partitions, 5 attempts, 30 s lease. */
  public static TopicConfig of(String name) {
    return new TopicConfig(
        name, 4, true, 5, Duration.ofSeconds(30), 100_000, Duration.ZERO, Duration.ofMinutes(2));
  }

  public TopicConfig withPartitions(int value) {
    return new TopicConfig(name, value, durable, maxAttempts, ackLease, backlogLimit, retention, idempotencyWindow);
  }

  public TopicConfig withDurable(boolean value) {
    return new TopicConfig(name, partitions, value, maxAttempts, ackLease, backlogLimit, retention, idempotencyWindow);
  }

  public TopicConfig withMaxAttempts(int value) {
    return new TopicConfig(name, partitions, durable, value, ackLease, backlogLimit, retention, idempotencyWindow);
  }

  public TopicConfig withAckLease(Duration value) {
    return new TopicConfig(name, partitions, durable, maxAttempts, value, backlogLimit, retention, idempotencyWindow);
  }

  public TopicConfig withBacklogLimit(int value) {
    return new TopicConfig(name, partitions, durable, maxAttempts, ackLease, value, retention, idempotencyWindow);
  }

  public TopicConfig withRetention(Duration value) {
    return new TopicConfig(name, partitions, durable, maxAttempts, ackLease, backlogLimit, value, idempotencyWindow);
  }

  public TopicConfig withIdempotencyWindow(Duration value) {
    return new TopicConfig(name, partitions, durable, maxAttempts, ackLease, backlogLimit, retention, value);
  }

  /** Returns the name of this topic's dead-letter topic. */
  public String deadLetterTopic() {
    return Names.deadLetterTopic(name);
  }

  private static void requireRange(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new SwitchboardException(ErrorCode.INVALID_ARGUMENT,
          field + " must be between " + min + " and " + max + ", got " + value);
    }
  }

  private static void requireDuration(String field, Duration value, Duration min) {
    if (value == null || value.compareTo(min) < 0) {
      throw new SwitchboardException(ErrorCode.INVALID_ARGUMENT,
          field + " must be at least " + min.toMillis() + " ms, got "
              + (value == null ? "none" : value.toMillis() + " ms"));
    }
  }
}
