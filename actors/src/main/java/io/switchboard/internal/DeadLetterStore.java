package io.switchboard.internal;

import io.switchboard.internal.ask.Asks;
import io.switchboard.internal.deadletter.DeadLetter;
import io.switchboard.internal.directory.TopicDirectory;
import io.switchboard.internal.protocol.PartitionProtocol;
import io.switchboard.internal.publish.Publishing;
import io.switchboard.message.Message;
import io.switchboard.message.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;

/**
 * A topic's dead letters as the façade offers them: listed from the dead-letter topic's single
 * partition, replayed to the group that failed them (then removed), or purged.
 */
public final class DeadLetterStore {
  private final TopicDirectory directory;
  private final Asks asks;
  private final Publishing publishing;
  private final Executor executor;

  public DeadLetterStore(
      TopicDirectory directory, Asks asks, Publishing publishing, Executor executor) {
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
    return browse(topic, max)
        .thenComposeAsync(
            browsed -> replayAndRemove(topic, browsed.offsets(), browsed.messages()), executor);
  }

  /**
   * Sends the dead letters whose message id is in {@code ids}, looked for among the oldest {@code
   * scan}, back to their group; returns the ids that went (an id not found is left out).
   */
  public CompletionStage<List<String>> replay(String topic, Set<String> ids, int scan) {
    return browse(topic, scan)
        .thenComposeAsync(
            browsed -> {
              List<Long> offsets = new ArrayList<>();
              List<Message> chosen = new ArrayList<>();
              for (int i = 0; i < browsed.offsets().size(); i++) {
                Message letter = browsed.messages().get(i);
                if (ids.contains(letter.id())) {
                  offsets.add(browsed.offsets().get(i));
                  chosen.add(letter);
                }
              }
              List<String> sent = chosen.stream().map(Message::id).toList();
              return replayAndRemove(topic, offsets, chosen)
                  .thenApplyAsync(count -> sent, executor);
            },
            executor);
  }

  /**
   * Removes up to {@code max} of the oldest dead letters without replaying them; returns how many.
   */
  public CompletionStage<Integer> purge(String topic, int max) {
    return browse(topic, max)
        .thenComposeAsync(browsed -> remove(topic, browsed.offsets()), executor);
  }

  private CompletionStage<Integer> replayAndRemove(
      String topic, List<Long> offsets, List<Message> letters) {
    if (offsets.isEmpty()) {
      return CompletableFuture.completedFuture(0);
    }
    // published before removed: a crash between the two replays a letter twice, never loses it
    List<Message> replays = letters.stream().map(DeadLetter::toReplay).toList();
    return publishing
        .replay(replays)
        .thenComposeAsync(confirms -> remove(topic, offsets), executor);
  }

  private CompletionStage<Integer> remove(String topic, List<Long> offsets) {
    if (offsets.isEmpty()) {
      return CompletableFuture.completedFuture(0);
    }
    return directory
        .topic(Names.deadLetterTopic(topic))
        .thenComposeAsync(
            dlq ->
                asks.<PartitionProtocol.Command, Done>ask(
                    directory.partition(dlq, 0),
                    replyTo -> new PartitionProtocol.Remove(offsets, replyTo)),
            executor)
        .thenApplyAsync(done -> offsets.size(), executor);
  }

  private CompletionStage<PartitionProtocol.Browsed> browse(String topic, int limit) {
    return directory
        .topic(topic)
        .thenComposeAsync(entry -> directory.topic(entry.config().deadLetterTopic()), executor)
        .thenComposeAsync(
            dlq ->
                asks.<PartitionProtocol.Command, PartitionProtocol.Browsed>ask(
                    directory.partition(dlq, 0),
                    replyTo -> new PartitionProtocol.Browse(limit, replyTo)),
            executor);
  }
}
