package io.switchboard.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.NotUsed;

/** Published and consumed counts, and the gate that keeps producers within max-lag. */
final class Counters {
  private static final CompletableFuture<Object> OPEN =
      CompletableFuture.completedFuture(NotUsed.getInstance());
  final LongAdder published = new LongAdder();
  final LongAdder consumed = new LongAdder();
  final AtomicLong admitted = new AtomicLong();
  final AtomicLong acked = new AtomicLong();
  final long maxLag;
  volatile boolean stopping;
  final ConcurrentLinkedQueue<CompletableFuture<Object>> waiting = new ConcurrentLinkedQueue<>();

  Counters(long maxLag) {
    this.maxLag = maxLag;
  }

  CompletionStage<Object> permit() {
    if (admitted.incrementAndGet() - acked.get() <= maxLag) {
      return OPEN;
    }
    CompletableFuture<Object> wait = new CompletableFuture<>();
    waiting.add(wait);
    wake(); // the consumer may have caught up before the waiter was queued
    return wait;
  }

  void consumed() {
    consumed.increment();
    acked.incrementAndGet();
    if (!waiting.isEmpty()) {
      wake();
    }
  }

  private void wake() {
    if (admitted.get() - acked.get() <= maxLag) {
      CompletableFuture<Object> next;
      while ((next = waiting.poll()) != null) {
        next.complete(NotUsed.getInstance());
      }
    }
  }
}
