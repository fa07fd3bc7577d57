package io.switchboard.partition;

import io.switchboard.topic.TopicConfig;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Finds a partition's topic settings; empty when that incarnation of the topic is gone. */
@FunctionalInterface
public interface TopicResolver {
  CompletionStage<Optional<TopicConfig>> resolve(PartitionId id);
}
