package io.switchboard.topic;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
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
 * @param ackLease how long a consumer may hold a delivery before it is redelivered, 10 ms to {@link
 *     #MAX_ACK_LEASE}
 * @param backlogLimit most messages a partition stores before publishes get {@code OVERLOADED}
 * @param retention how long a message every group has settled stays readable (0: not kept), at most
 *     {@link #MAX_RETENTION}
 * @param idempotencyWindow how long a partition remembers idempotency keys and client-supplied
 *     message ids, at most {@link #MAX_IDEMPOTENCY_WINDOW}
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

  /** Most messages a partition may be set to store. */
  public static final int MAX_BACKLOG_LIMIT = 100_000_000;

  /** Longest ack lease: how long one delivery may be held before it is redelivered. */
  public static final Duration MAX_ACK_LEASE = Duration.ofDays(1);

  /** Longest retention of settled messages. */
  public static final Duration MAX_RETENTION = Duration.ofDays(365);

  /** Longest idempotency window (its keys are held in memory and in snapshots). */
  public static final Duration MAX_IDEMPOTENCY_WINDOW = Duration.ofDays(7);

  public TopicConfig {
    Names.requireTopic(name);
    requireRange("partitions", partitions, 1, MAX_PARTITIONS);
    requireRange("maxAttempts", maxAttempts, 1, 1000);
    requireRange("backlogLimit", backlogLimit, 1, MAX_BACKLOG_LIMIT);
    requireDuration("ackLease", ackLease, Duration.ofMillis(10), MAX_ACK_LEASE);
    requireDuration("retention", retention, Duration.ZERO, MAX_RETENTION);
    requireDuration("idempotencyWindow", idempotencyWindow, Duration.ZERO, MAX_IDEMPOTENCY_WINDOW);
  }

  /**
   * Returns a topic with the library defaults: {@code switchboard.topic-defaults} of reference.conf
   * (a durable topic of 4 partitions, 5 attempts, a 30 s lease), read once.
   */
  public static TopicConfig of(String name) {
    return ReferenceDefaults.TOPIC.withName(name);
  }

  /** The reference defaults, read when first used. */
  private static final class ReferenceDefaults {
    static final TopicConfig TOPIC =
        of(
            "topic-defaults",
            ConfigFactory.defaultReference().getConfig("switchboard.topic-defaults"));
  }

  /** Returns a topic with the defaults of a {@code switchboard.topic-defaults} block. */
  public static TopicConfig of(String name, Config defaults) {
    return new TopicConfig(
        name,
        defaults.getInt("partitions"),
        defaults.getBoolean("durable"),
        defaults.getInt("max-attempts"),
        defaults.getDuration("ack-lease"),
        defaults.getInt("backlog-limit"),
        defaults.getDuration("retention"),
        defaults.getDuration("idempotency-window"));
  }

  public TopicConfig withName(String value) {
    return new TopicConfig(
        value,
        partitions,
        durable,
        maxAttempts,
        ackLease,
        backlogLimit,
        retention,
        idempotencyWindow);
  }

  public TopicConfig withPartitions(int value) {
    return new TopicConfig(
        name, value, durable, maxAttempts, ackLease, backlogLimit, retention, idempotencyWindow);
  }

  public TopicConfig withDurable(boolean value) {
    return new TopicConfig(
        name, partitions, value, maxAttempts, ackLease, backlogLimit, retention, idempotencyWindow);
  }

  public TopicConfig withMaxAttempts(int value) {
    return new TopicConfig(
        name, partitions, durable, value, ackLease, backlogLimit, retention, idempotencyWindow);
  }

  public TopicConfig withAckLease(Duration value) {
    return new TopicConfig(
        name, partitions, durable, maxAttempts, value, backlogLimit, retention, idempotencyWindow);
  }

  public TopicConfig withBacklogLimit(int value) {
    return new TopicConfig(
        name, partitions, durable, maxAttempts, ackLease, value, retention, idempotencyWindow);
  }

  public TopicConfig withRetention(Duration value) {
    return new TopicConfig(
        name, partitions, durable, maxAttempts, ackLease, backlogLimit, value, idempotencyWindow);
  }

  public TopicConfig withIdempotencyWindow(Duration value) {
    return new TopicConfig(
        name, partitions, durable, maxAttempts, ackLease, backlogLimit, retention, value);
  }

  /** Returns the name of this topic's dead-letter topic. */
  public String deadLetterTopic() {
    return Names.deadLetterTopic(name);
  }

  private static void requireRange(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new SwitchboardException(
          ErrorCode.INVALID_ARGUMENT,
          field + " must be between " + min + " and " + max + ", got " + value);
    }
  }

  private static void requireDuration(String field, Duration value, Duration min, Duration max) {
    if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new SwitchboardException(
          ErrorCode.INVALID_ARGUMENT,
          field
              + " must be between "
              + min.toMillis()
              + " and "
              + max.toMillis()
              + " ms, got "
              + (value == null ? "none" : millis(value) + " ms"));
    }
  }

  /**
   * Returns the duration in milliseconds; one too long for a {@code long} of them is shown as is.
   */
  private static String millis(Duration value) {
    try {
      return Long.toString(value.toMillis());
    } catch (ArithmeticException tooLong) {
      return value.toString();
    }
  }
}
