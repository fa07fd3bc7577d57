package io.switchboard.runtime.http;

import java.util.function.BooleanSupplier;

/** Says whether the node serves the API yet; until then {@code /v1} answers 503 NOT_READY. */
public interface Readiness extends BooleanSupplier {

  /**
   * Returns why a serving node should get no new traffic (its registry does not answer), or null;
   * {@code /health/ready} says not ready with this reason, {@code /v1} keeps serving.
   */
  default String problem() {
    return null;
  }

  /** Returns a readiness that is always ready (tests and embedding). */
  static Readiness always() {
    return () -> true;
  }
}
