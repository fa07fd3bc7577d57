package io.switchboard.internal.request;

import io.switchboard.internal.ask.Asks;
import io.switchboard.internal.request.ReplyProtocol.Command;
import io.switchboard.request.ReplyChunk;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A caller's place in one reply stream: reads it batch by batch (at most a window each) from a
 * cursor; touched by one stage at a time.
 */
final class ReplyCursor {
  private final RecipientRef<Command> stream;
  private final int window;
  private final Asks asks;
  private final Executor executor;
  private long cursor;
  private boolean done;

  private ReplyCursor(
      RecipientRef<Command> stream, long cursor, int window, Asks asks, Executor executor) {
    this.stream = stream;
    this.cursor = cursor;
    this.window = window;
    this.asks = asks;
    this.executor = executor;
  }

  /** Returns the chunks that follow {@code cursor}, up to the final reply. */
  static Source<ReplyChunk, NotUsed> source(
      RecipientRef<Command> stream, long cursor, int window, Asks asks, Executor executor) {
    return Source.<List<ReplyChunk>, ReplyCursor>unfoldResourceAsync(
            () ->
                CompletableFuture.completedFuture(
                    new ReplyCursor(stream, cursor, window, asks, executor)),
            ReplyCursor::next,
            reader -> CompletableFuture.completedFuture(Done.getInstance()))
        .mapConcat(chunks -> chunks)
        .mapMaterializedValue(ignored -> NotUsed.getInstance());
  }

  /** Reads the next batch; an empty batch means "nothing yet", not the end. */
  private CompletionStage<Optional<List<ReplyChunk>>> next() {
    if (done) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return asks.<Command, ReplyProtocol.Batch>askWithStatus(
            stream, replyTo -> new ReplyProtocol.Read(cursor, window, replyTo))
        .handleAsync(
            (batch, failure) -> {
              if (failure != null) {
                // the request is not cancelled: the caller may reattach
                throw Asks.translate(failure);
              }
              if (!batch.chunks().isEmpty()) {
                cursor = batch.chunks().get(batch.chunks().size() - 1).seq();
              }
              done = batch.ended();
              return Optional.of(batch.chunks());
            },
            executor);
  }
}
