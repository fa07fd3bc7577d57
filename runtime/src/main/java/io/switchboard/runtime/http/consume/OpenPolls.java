package io.switchboard.runtime.http.consume;

import io.switchboard.consumer.Delivery;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The long polls waiting on this node for their answer; when the node stops they all answer at once
 * with nothing, instead of holding shutdown until their wait ends. Thread-safe.
 */
final class OpenPolls {
  private final Set<CompletableFuture<List<Delivery>>> open = ConcurrentHashMap.newKeySet();
  private volatile boolean ended;

  /** Tracks {@code answer} until it completes; ends it at once if the node already stops. */
  void add(CompletableFuture<List<Delivery>> answer) {
    open.add(answer);
    answer.whenComplete((deliveries, failure) -> open.remove(answer));
    if (ended) {
      answer.complete(List.of());
    }
  }

  /** Answers every open long poll with no deliveries, and every later one as it comes. */
  void endAll() {
    ended = true;
    open.forEach(answer -> answer.complete(List.of()));
  }
}
