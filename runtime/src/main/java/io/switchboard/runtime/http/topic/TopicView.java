package io.switchboard.runtime.http.topic;

import io.switchboard.message.Names;
import io.switchboard.topic.TopicConfig;

/**
 * A topic's configuration as the API shows it (durations in milliseconds); a dead-letter topic has
 * no dead-letter topic of its own ({@code deadLetterTopic} null).
 */
public record TopicView(
    String name,
    int partitions,
    boolean durable,
    int maxAttempts,
    long ackLeaseMs,
    int backlogLimit,
    long retentionMs,
    long idempotencyWindowMs,
    String deadLetterTopic) {

  public static TopicView of(TopicConfig config) {
    return new TopicView(
        config.name(),
        config.partitions(),
        config.durable(),
        config.maxAttempts(),
        config.ackLease().toMillis(),
        config.backlogLimit(),
        config.retention().toMillis(),
        config.idempotencyWindow().toMillis(),
        Names.isDeadLetterTopic(config.name()) ? null : config.deadLetterTopic());
  }
}
