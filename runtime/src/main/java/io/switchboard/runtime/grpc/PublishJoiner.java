package io.switchboard.runtime.grpc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Starts a publish at once, on the caller's thread, while fewer than {@code parallelism} are
 * running; items offered meanwhile wait and are joined (up to {@code maxWeight}, at least one) into
 * the publish started when one ends. It holds only what was offered: the caller bounds that (a
 * Publish stream reads at most {@code max-publishes-in-flight} requests). Thread-safe.
 */
final class PublishJoiner<T> {
  private final int parallelism;
  private final int maxWeight;
  private final ToIntFunction<T> weight;
  private final Function<List<T>, CompletionStage<?>> publish;
  private final ArrayDeque<T> waiting = new ArrayDeque<>();
  private int running;

  /** {@code publish} must not block; its stage completing (either way) ends that publish. */
  PublishJoiner(
      int parallelism,
      int maxWeight,
      ToIntFunction<T> weight,
      Function<List<T>, CompletionStage<?>> publish) {
    this.parallelism = parallelism;
    this.maxWeight = maxWeight;
    this.weight = weight;
    this.publish = publish;
  }

  void offer(T item) {
    synchronized (this) {
      if (running >= parallelism) {
        waiting.add(item);
        return;
      }
      running++;
    }
    List<T> batch = new ArrayList<>(1);
    batch.add(item);
    start(batch);
  }

  /** Returns how many items wait for a publish to end. */
  synchronized int waiting() {
    return waiting.size();
  }

  private void start(List<T> batch) {
    // Runs on the thread that completed the publish: it only takes the next batch and hands it
    // on, so no executor hop is spent between one journal write and the next.
    publish.apply(batch).whenCompleteAsync((ignored, failure) -> ended(), Runnable::run);
  }

  private void ended() {
    List<T> next = new ArrayList<>();
    synchronized (this) {
      int joined = 0;
      while (!waiting.isEmpty()
          && (next.isEmpty() || joined + weight.applyAsInt(waiting.peek()) <= maxWeight)) {
        T item = waiting.poll();
        joined += weight.applyAsInt(item);
        next.add(item);
      }
      if (next.isEmpty()) {
        running--;
        return;
      }
    }
    start(next);
  }
}
