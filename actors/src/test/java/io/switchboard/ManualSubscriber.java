package io.switchboard;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A stream's reader that asks for exactly as many elements as the test says (no buffer of its own).
 */
final class ManualSubscriber<T> implements Subscriber<T> {
  private final CompletableFuture<Subscription> subscription = new CompletableFuture<>();
  private final BlockingQueue<T> received = new LinkedBlockingQueue<>();
  final CompletableFuture<Void> done = new CompletableFuture<>();

  @Override
  public void onSubscribe(Subscription s) {
    subscription.complete(s);
  }

  @Override
  public void onNext(T element) {
    received.add(element);
  }

  @Override
  public void onError(Throwable failure) {
    done.completeExceptionally(failure);
  }

  @Override
  public void onComplete() {
    done.complete(null);
  }

  /** Asks for one more element and returns it (fails after 30 s). */
  T next() throws InterruptedException {
    subscription.join().request(1);
    T element = received.poll(30, TimeUnit.SECONDS);
    if (element == null) {
      throw new AssertionError("no element within 30 s");
    }
    return element;
  }
}
