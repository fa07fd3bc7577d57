package io.switchboard.client.internal;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.protocol.v1.ConsumeRequest;
import io.switchboard.protocol.v1.ConsumeResponse;
import io.switchboard.protocol.v1.Subscribe;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The gRPC side of one Consume stream of a {@link ConsumeStage}: what the node sends is handed to
 * the stage as an {@link Event} of the stream's generation, never handled on the transport's
 * thread, which it never blocks.
 */
final class ConsumeCall implements ClientResponseObserver<ConsumeRequest, ConsumeResponse> {
  /** Responses requested ahead from the transport; each carries at most credit deliveries. */
  private static final int INBOUND_PREFETCH = 2;

  /**
   * What a gRPC thread hands to the stage: an answer, a failure or the end of stream {@code gen}.
   */
  record Event(int gen, ConsumeResponse response, Throwable failure, boolean ended) {}

  private final int gen;
  private final Consumer<Event> onEvent;
  private final IntConsumer onReady;

  /** Hands stream {@code gen}'s events to {@code onEvent}, its readiness to {@code onReady}. */
  ConsumeCall(int gen, Consumer<Event> onEvent, IntConsumer onReady) {
    this.gen = gen;
    this.onEvent = onEvent;
    this.onReady = onReady;
  }

  /** Returns the first request of a stream: the consumer joins {@code group} of {@code topic}. */
  static ConsumeRequest subscribe(String topic, String group, ConsumerSettings consumer) {
    return ConsumeRequest.newBuilder()
        .setSubscribe(
            Subscribe.newBuilder()
                .setTopic(topic)
                .setGroup(group)
                .setConsumerId(consumer.consumerId())
                .setCredit(consumer.credit())
                .setCapacity(consumer.capacity())
                .setTokenBudget(consumer.tokenBudget()))
        .build();
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<ConsumeRequest> requests) {
    requests.disableAutoRequestWithInitial(INBOUND_PREFETCH);
    requests.setOnReadyHandler(() -> onReady.accept(gen));
  }

  @Override
  public void onNext(ConsumeResponse response) {
    onEvent.accept(new Event(gen, response, null, false));
  }

  @Override
  public void onError(Throwable failure) {
    onEvent.accept(new Event(gen, null, failure, false));
  }

  @Override
  public void onCompleted() {
    onEvent.accept(new Event(gen, null, null, true));
  }
}
