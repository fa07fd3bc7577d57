package io.switchboard.runtime.http.topic;

import io.switchboard.Switchboard;
import io.switchboard.message.Names;
import io.switchboard.topic.TopicConfig;
import java.time.Duration;

/** The body of {@code POST /v1/topics}; absent fields take {@code switchboard.topic-defaults}. */
public record TopicRequest(
    String name,
    Integer partitions,
    Boolean durable,
    Integer maxAttempts,
    Long ackLeaseMs,
    Integer backlogLimit,
    Long retentionMs,
    Long idempotencyWindowMs) {

  /** Returns the topic's configuration, or throws the library's validation error. */
  public TopicConfig toConfig(Switchboard switchboard) {
    TopicConfig config = switchboard.topicDefaults(Names.requireUserTopic(name));
    if (partitions != null) {
      config = config.withPartitions(partitions);
    }
    if (durable != null) {
      config = config.withDurable(durable);
    }
    if (maxAttempts != null) {
      config = config.withMaxAttempts(maxAttempts);
    }
    if (ackLeaseMs != null) {
      config = config.withAckLease(Duration.ofMillis(ackLeaseMs));
    }
    if (backlogLimit != null) {
      config = config.withBacklogLimit(backlogLimit);
    }
    if (retentionMs != null) {
      config = config.withRetention(Duration.ofMillis(retentionMs));
    }
    if (idempotencyWindowMs != null) {
      config = config.withIdempotencyWindow(Duration.ofMillis(idempotencyWindowMs));
    }
    return config;
  }
}
