package io.switchboard.runtime.grpc;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * Counts the requests running on a Serve stream against its credit; {@link #room} waits for a free
 * place.
 */
final class RunningLimit {
  private int limit = 1;
  private int running;
  private CompletableFuture<Done> waiting;

  synchronized void set(int credit) {
    limit = credit;
    wake();
  }

  /**
   * Completes when fewer than the credit run; one waiter at a time (the stream sends one by one).
   */
  synchronized CompletionStage<Done> room() {
    if (running < limit) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    waiting = new CompletableFuture<>();
    return waiting;
  }

  synchronized void taken() {
    running++;
  }

  synchronized void released() {
    running--;
    wake();
  }

  private void wake() {
    if (waiting != null && running < limit) {
      CompletableFuture<Done> woken = waiting;
      waiting = null;
      woken.complete(Done.getInstance());
    }
  }
}
