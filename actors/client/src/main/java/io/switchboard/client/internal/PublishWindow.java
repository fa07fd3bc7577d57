package io.switchboard.client.internal;

import io.switchboard.SwitchboardException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Room for unconfirmed publishes: an asynchronous semaphore. {@link #acquire} completes once the
 * permits are taken, waiters in arrival order; at most {@code maxQueued} permits may wait, past
 * that an acquire fails at once, so nothing queues without bound.
 */
public final class PublishWindow {
  private final int size;
  private final int maxQueued;
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
  private int available;
  private int queued;

  private record Waiter(int permits, CompletableFuture<Void> granted) {}

  public PublishWindow(int size, int maxQueued) {
    this.size = size;
    this.maxQueued = maxQueued;
    this.available = size;
  }

  /**
   * Takes {@code permits} (1 .. size); the stage completes when they are taken, or fails with
   * {@code refusal} when the queue of waiters is full. Completes on the releasing thread.
   */
  public CompletableFuture<Void> acquire(int permits, Supplier<SwitchboardException> refusal) {
    if (permits < 1 || permits > size) {
      throw new IllegalArgumentException(
          "permits must be between 1 and " + size + ", got " + permits);
    }
    synchronized (this) {
      if (waiters.isEmpty() && available >= permits) {
        available -= permits;
        return CompletableFuture.completedFuture(null);
      }
      if (queued + permits > maxQueued) {
        return CompletableFuture.failedFuture(refusal.get());
      }
      Waiter waiter = new Waiter(permits, new CompletableFuture<>());
      waiters.add(waiter);
      queued += permits;
      return waiter.granted();
    }
  }

  /** Gives back permits and lets the waiters they are enough for go, in order. */
  public void release(int permits) {
    ArrayDeque<Waiter> granted = new ArrayDeque<>();
    synchronized (this) {
      available += permits;
      while (!waiters.isEmpty() && waiters.peek().permits() <= available) {
        Waiter next = waiters.poll();
        available -= next.permits();
        queued -= next.permits();
        granted.add(next);
      }
    }
    granted.forEach(waiter -> waiter.granted().complete(null));
  }

  /** Returns the permits taken now: publishes sent or about to be sent and not confirmed. */
  public synchronized int inUse() {
    return size - available;
  }

  /** Fails every waiter (the client is closing). */
  public void failWaiting(SwitchboardException reason) {
    ArrayDeque<Waiter> failed;
    synchronized (this) {
      failed = new ArrayDeque<>(waiters);
      waiters.clear();
      queued = 0;
    }
    failed.forEach(waiter -> waiter.granted().completeExceptionally(reason));
  }
}
