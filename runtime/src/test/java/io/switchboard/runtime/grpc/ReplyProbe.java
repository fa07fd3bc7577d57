package io.switchboard.runtime.grpc;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.switchboard.protocol.v1.ReplyChunk;
import io.switchboard.protocol.v1.ReplyEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A caller's Request or Replies call: the accepted id, the chunks in order, how it ended; it can
 * break the call.
 */
final class ReplyProbe<Q> implements ClientResponseObserver<Q, ReplyEvent> {
  final CompletableFuture<String> accepted = new CompletableFuture<>();
  final List<ReplyChunk> chunks = new CopyOnWriteArrayList<>();

  /** Completes with null when the call completed, with the failure when it failed. */
  final CompletableFuture<Throwable> ended = new CompletableFuture<>();

  /** Events in arrival order, to check that accepted comes first. */
  final List<ReplyEvent.EventCase> order = new CopyOnWriteArrayList<>();

  private volatile ClientCallStreamObserver<Q> call;
  private final boolean manual;

  ReplyProbe() {
    this(false);
  }

  private ReplyProbe(boolean manual) {
    this.manual = manual;
  }

  /**
   * A caller that reads only what it asks for ({@link #read}): the accepted event, then nothing.
   */
  static <Q> ReplyProbe<Q> manual() {
    return new ReplyProbe<>(true);
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<Q> requestStream) {
    this.call = requestStream;
    if (manual) {
      requestStream.disableAutoRequestWithInitial(1);
    }
  }

  /** Asks for {@code count} more events (a manual probe). */
  void read(int count) {
    call.request(count);
  }

  /** Cancels the call from the client, as a dropped connection would end it. */
  void cut() {
    call.cancel("the caller's connection is gone", null);
  }

  List<String> texts() {
    return chunks.stream()
        .map(
            chunk ->
                chunk.getSeq()
                    + ":"
                    + chunk.getPayload().toStringUtf8()
                    + (chunk.getLast() ? "!" : ""))
        .toList();
  }

  @Override
  public void onNext(ReplyEvent event) {
    order.add(event.getEventCase());
    if (event.hasAccepted()) {
      accepted.complete(event.getAccepted().getRequestId());
    } else {
      chunks.add(event.getChunk());
    }
  }

  @Override
  public void onError(Throwable failure) {
    ended.complete(failure);
  }

  @Override
  public void onCompleted() {
    ended.complete(null);
  }
}
