package io.switchboard.internal.publish;

import io.switchboard.message.Message;
import io.switchboard.producer.Confirm;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;

/** The façade's publishing flow: batches of what arrives together, confirmed in order. */
public final class PublishFlow {
  private PublishFlow() {}

  /**
   * Returns a flow that batches up to {@code maxBatch} waiting messages, publishes each batch with
   * {@code publishAll}, keeps at most {@code parallelism} batches unconfirmed and emits the
   * confirms in input order; it fails on the first refused publish.
   */
  public static Flow<Message, Confirm, NotUsed> of(
      int maxBatch,
      int parallelism,
      Function<List<Message>, CompletionStage<List<Confirm>>> publishAll) {
    return Flow.<Message>create()
        .batch(
            maxBatch,
            first -> {
              List<Message> batch = new ArrayList<>();
              batch.add(first);
              return batch;
            },
            (batch, next) -> {
              batch.add(next);
              return batch;
            })
        .mapAsync(parallelism, publishAll::apply)
        .mapConcat(confirms -> confirms);
  }
}
