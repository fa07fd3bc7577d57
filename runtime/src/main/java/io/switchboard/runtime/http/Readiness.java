package io.switchboard.runtime.http;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import org.apache.pekko.Done;

/**
 * Says whether the node serves the API: until it is ready {@code /v1} answers 503 NOT_READY, once
 * it is stopping 503 STOPPING.
 */
public interface Readiness extends BooleanSupplier {

  /** Where a node is in its life, as the API reports it. */
  enum State {
    STARTING,
    READY,
    STOPPING
  }

  /** Returns the current state. */
  State state();

  /** Returns a stage that completes when the node starts stopping; it never fails. */
  CompletionStage<Done> stopping();

  /** Returns whether the node serves requests now. */
  @Override
  default boolean getAsBoolean() {
    return state() == State.READY;
  }

  /**
   * Returns why a serving node should get no new traffic (its registry does not answer), or null;
   * {@code /health/ready} says not ready with this reason, {@code /v1} keeps serving.
   */
  default String problem() {
    return null;
  }

  /** Returns a readiness that is always ready and never stops (tests and embedding). */
  static Readiness always() {
    return fixed(State.READY);
  }

  /** Returns a readiness that stays in {@code state} (tests and embedding). */
  static Readiness fixed(State state) {
    CompletableFuture<Done> stopping = new CompletableFuture<>();
    if (state == State.STOPPING) {
      stopping.complete(Done.getInstance());
    }
    return new Readiness() {
      @Override
      public State state() {
        return state;
      }

      @Override
      public CompletionStage<Done> stopping() {
        return stopping.minimalCompletionStage();
      }
    };
  }
}
