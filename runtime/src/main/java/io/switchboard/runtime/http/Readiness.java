package io.switchboard.runtime.http;

import java.util.function.BooleanSupplier;

/** Says whether the node serves the API yet; until then {@code /v1} answers 503 NOT_READY. */
public interface Readiness extends BooleanSupplier {

  /** Returns a readiness that is always ready (tests and embedding). */
  static Readiness always() {
    return () -> true;
  }
}
