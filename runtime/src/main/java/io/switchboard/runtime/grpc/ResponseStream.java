package io.switchboard.runtime.grpc;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayDeque;

/**
 * The flow control of one bidirectional call, both ways. Inbound: the node asks gRPC for at most
 * {@code window} requests it has not answered yet, so a client that sends faster than the node
 * stores is held back by HTTP/2 flow control. Outbound: responses go out only while the call is
 * ready; the rest wait in a queue bounded by the window (answers) plus what the owner pushes only
 * when {@link #hasRoom()} (deliveries). Thread-safe: every call on the observer holds the lock.
 *
 * <p>Requests are asked for again a quarter window at a time, not one per answer: from a thread
 * other than the call's transport thread each ask is a task on that thread (and often its wake-up).
 * A client is never left without credit: with nothing unanswered it may send at least three
 * quarters of the window.
 */
final class ResponseStream<T> {
  private record Pending<T>(T response, boolean answer) {}

  private final ServerCallStreamObserver<T> call;
  private final ArrayDeque<Pending<T>> queue = new ArrayDeque<>();
  private final Runnable whenReady;
  private final int requestBatch;
  private int unanswered;
  private int unrequested;
  private boolean inputDone;
  private boolean closed;

  /**
   * Takes over {@code call}'s flow control; must be called in the service method, before it
   * returns. {@code whenReady} runs (without the lock) each time the call can take more.
   */
  ResponseStream(
      ServerCallStreamObserver<T> call, int window, Runnable whenReady, Runnable whenCancelled) {
    this.call = call;
    this.whenReady = whenReady;
    this.requestBatch = Math.max(1, window / 4);
    call.disableAutoRequest();
    call.setOnReadyHandler(this::onReady);
    call.setOnCancelHandler(
        () -> {
          synchronized (this) {
            closed = true;
            queue.clear();
          }
          whenCancelled.run();
        });
    call.request(window);
  }

  /** Counts a request that will get exactly one answer. */
  synchronized void accepted() {
    unanswered++;
  }

  /** Sends the answer of an accepted request; once it is out, the next request is read. */
  void answer(T response) {
    enqueue(new Pending<>(response, true));
  }

  /** Sends a response that answers no request (a delivery, the subscription). */
  void push(T response) {
    enqueue(new Pending<>(response, false));
  }

  /** Notes that an accepted request needs no answer: the next request is read. */
  void skip() {
    synchronized (this) {
      unanswered--;
      requestOne();
    }
    drain();
  }

  /** Returns whether the call takes a response now with nothing waiting before it. */
  synchronized boolean hasRoom() {
    return !closed && queue.isEmpty() && call.isReady();
  }

  synchronized boolean isClosed() {
    return closed;
  }

  /** Notes that the client sent its last request: the call completes once every answer is out. */
  void inputCompleted() {
    synchronized (this) {
      inputDone = true;
    }
    drain();
  }

  /** Ends the call at once with {@code failure}; what waits is dropped. */
  synchronized void fail(StatusRuntimeException failure) {
    if (!closed) {
      closed = true;
      queue.clear();
      call.onError(failure);
    }
  }

  /** Ends the call once the waiting responses are out. */
  void complete() {
    synchronized (this) {
      inputDone = true;
      unanswered = 0;
    }
    drain();
  }

  private void enqueue(Pending<T> pending) {
    synchronized (this) {
      if (closed) {
        return;
      }
      queue.add(pending);
    }
    drain();
  }

  private void onReady() {
    drain();
    whenReady.run();
  }

  /** Counts an answered request; asks for more once a batch of them is answered. */
  private void requestOne() {
    if (++unrequested >= requestBatch && !closed && !inputDone) {
      call.request(unrequested);
      unrequested = 0;
    }
  }

  private synchronized void drain() {
    while (!closed && !queue.isEmpty() && call.isReady()) {
      Pending<T> next = queue.poll();
      call.onNext(next.response());
      if (next.answer()) {
        unanswered--;
        requestOne();
      }
    }
    if (!closed && inputDone && unanswered <= 0 && queue.isEmpty()) {
      closed = true;
      call.onCompleted();
    }
  }
}
