package io.switchboard.runtime.grpc;

import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects what one call sends back, and how it ended. */
final class StreamProbe<T> implements StreamObserver<T> {
  final List<T> received = new CopyOnWriteArrayList<>();

  /** Completes with null when the call completed, with the failure when it failed. */
  final CompletableFuture<Throwable> ended = new CompletableFuture<>();

  @Override
  public void onNext(T value) {
    received.add(value);
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
