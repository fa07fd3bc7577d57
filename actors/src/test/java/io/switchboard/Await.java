package io.switchboard;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Waits for a stage in tests, with a bound so that a hang fails instead of stalling the build. */
final class Await {
  private Await() {}

  static <T> T result(CompletionStage<T> stage) {
    return stage.toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
  }

  /** Returns the SwitchboardException a failed stage carries (under any CompletionExceptions). */
  static SwitchboardException failure(CompletionStage<?> stage) {
    try {
      result(stage);
    } catch (java.util.concurrent.CompletionException e) {
      Throwable cause = e.getCause();
      while (cause instanceof java.util.concurrent.CompletionException
          && cause.getCause() != null) {
        cause = cause.getCause();
      }
      if (cause instanceof SwitchboardException s) {
        return s;
      }
      throw e;
    }
    throw new AssertionError("expected the stage to fail");
  }
}
