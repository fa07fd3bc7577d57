package io.switchboard.runtime.gateway;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import org.apache.pekko.Done;

/**
 * The calls this node's front has accepted on one pool and not yet answered, so that a pool that
 * goes (deleted, or redefined on another topic) ends them at once instead of leaving them to wait
 * for their deadline with no connector left. Thread-safe.
 */
final class PoolCalls {
  private final Set<String> running = ConcurrentHashMap.newKeySet();
  private volatile String endedBecause;

  /**
   * Tracks an accepted call; returns false when the pool has already ended (then the caller ends
   * the call itself).
   */
  boolean add(String requestId) {
    running.add(requestId);
    // read after the add: end() sets the reason before it reads the set, so one of the two sees
    // the other and no call is missed
    if (endedBecause != null) {
      running.remove(requestId);
      return false;
    }
    return true;
  }

  /**
   * Tracks a call once {@code stored} completes (a cancel before then would find nothing to end),
   * and ends it at once through {@code cancel} when the pool went meanwhile; returns {@code
   * stored}.
   */
  CompletionStage<Done> trackOnceStored(
      String requestId,
      CompletionStage<Done> stored,
      BiConsumer<String, String> cancel,
      Executor executor) {
    stored.thenAcceptAsync(
        done -> {
          if (!add(requestId)) {
            cancel.accept(requestId, endedBecause);
          }
        },
        executor);
    return stored;
  }

  /** Forgets an answered call. */
  void remove(String requestId) {
    running.remove(requestId);
  }

  /** Ends every call tracked now or added later with {@code reason}, through {@code cancel}. */
  void end(String reason, BiConsumer<String, String> cancel) {
    endedBecause = reason;
    for (String requestId : running) {
      running.remove(requestId);
      cancel.accept(requestId, reason);
    }
  }

  /** Returns why the pool ended its calls, or empty while it serves. */
  Optional<String> endedBecause() {
    return Optional.ofNullable(endedBecause);
  }

  /**
   * Returns why a call failed with {@code failure} when the pool's end cancelled it, else empty.
   */
  Optional<String> endedIt(Throwable failure) {
    String reason = endedBecause;
    return reason != null
            && OpenAiErrors.unwrap(failure) instanceof SwitchboardException e
            && e.code() == ErrorCode.CANCELLED
        ? Optional.of(reason)
        : Optional.empty();
  }
}
