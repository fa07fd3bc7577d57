package io.switchboard.internal.partition;

import io.switchboard.internal.topic.TopicEntry;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Finds a partition's topic (settings and groups); empty when that incarnation is gone. */
@FunctionalInterface
public interface TopicResolver {
  CompletionStage<Optional<TopicEntry>> resolve(PartitionId id);
}
