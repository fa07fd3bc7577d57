package io.switchboard.internal;

import io.switchboard.message.DeadLetter;
import io.switchboard.message.Message;
import io.switchboard.message.Names;
import io.switchboard.partition.PartitionProtocol;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;

/**
 * A topic's dead letters as the façade offers them: listed from the dead-letter topic's single
 * partition, and replayed to the group that failed them, then removed.
 */
public final class DeadLetterStore {
  private final TopicDirectory directory;
  private final Asks asks;
  private final Publishing publishing;
  private final Executor executor;

  public DeadLetterStore(TopicDirectory directory, Asks asks, Publishing publishing, Executor executor) {
    this.directory = directory;
    this.asks = asks;
    this.publishing = publishing;
    this.executor = executor;
  }

  /** Returns up to {@code limit} dead letters of {@code topic}, oldest first. */
  public CompletionStage<List<Message>> list(String topic, int limit) {
    return browse(topic, limit).thenApplyAsync(PartitionProtocol.Browsed::messages, executor);
  }

  /** Sends up to {@code max} dead letters back to their group; returns how many went. */
  public CompletionStage<Integer> replay(String topic, int max) {
    return browse(topic, max).thenComposeAsync(browsed -> {
      if (browsed.offsets().isEmpty()) {
        return CompletableFuture.completedFuture(0);
      }
      List<Message> replays = browsed.messages().stream().map(DeadLetter::toReplay).toList();
      return publishing.replay(replays)
          .thenComposeAsync(confirms -> directory.topic(Names.deadLetterTopic(topic)), executor)
          .thenComposeAsync(dlq -> asks.<PartitionProtocol.Command, Done>ask(directory.partition(dlq, 0),
              replyTo -> new PartitionProtocol.Remove(browsed.offsets(), replyTo)), executor)
          .thenApplyAsync(done -> browsed.offsets().size(), executor);
    }, executor);
  }

  private CompletionStage<PartitionProtocol.Browsed> browse(String topic, int limit) {
    return directory.topic(topic)
        .thenComposeAsync(entry -> directory.topic(entry.config().deadLetterTopic()), executor)
        .thenComposeAsync(dlq -> asks.<PartitionProtocol.Command, PartitionProtocol.Browsed>ask(
            directory.partition(dlq, 0), replyTo -> new PartitionProtocol.Browse(limit, replyTo)), executor);
  }
}
