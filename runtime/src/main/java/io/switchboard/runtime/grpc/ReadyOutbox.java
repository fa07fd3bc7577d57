package io.switchboard.runtime.grpc;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * The outbound side of a call whose responses come from a stream: a response goes out only while
 * the call is ready, and {@link #send} completes when it went out, so a producer that waits for
 * each send (a {@code mapAsync(1)}) holds no more than one response here. Thread-safe.
 */
final class ReadyOutbox<T> {
  private record Pending<T>(T response, CompletableFuture<Done> sent) {}

  private final ServerCallStreamObserver<T> call;
  private final ArrayDeque<Pending<T>> queue = new ArrayDeque<>();
  private boolean closed;

  /**
   * Takes over {@code call}'s readiness; call it in the service method. {@code whenCancelled} runs
   * once the client is gone.
   */
  ReadyOutbox(ServerCallStreamObserver<T> call, Runnable whenCancelled) {
    this.call = call;
    call.setOnReadyHandler(this::drain);
    call.setOnCancelHandler(
        () -> {
          synchronized (this) {
            closed = true;
            queue.forEach(pending -> pending.sent().complete(Done.getInstance()));
            queue.clear();
          }
          whenCancelled.run();
        });
  }

  /**
   * Queues a response; completes when it is written (at once, and dropped, when the call is over).
   */
  CompletionStage<Done> send(T response) {
    CompletableFuture<Done> sent = new CompletableFuture<>();
    synchronized (this) {
      if (closed) {
        return CompletableFuture.completedFuture(Done.getInstance());
      }
      queue.add(new Pending<>(response, sent));
    }
    drain();
    return sent;
  }

  /** Ends the call normally after what is queued. */
  synchronized void complete() {
    if (!closed) {
      closed = true;
      queue.forEach(pending -> call.onNext(pending.response()));
      queue.clear();
      call.onCompleted();
    }
  }

  /** Ends the call with {@code failure}; what waits is dropped. */
  synchronized void fail(StatusRuntimeException failure) {
    if (!closed) {
      closed = true;
      queue.clear();
      call.onError(failure);
    }
  }

  synchronized boolean isClosed() {
    return closed;
  }

  private synchronized void drain() {
    while (!closed && !queue.isEmpty() && call.isReady()) {
      Pending<T> next = queue.poll();
      call.onNext(next.response());
      next.sent().complete(Done.getInstance());
    }
  }
}
