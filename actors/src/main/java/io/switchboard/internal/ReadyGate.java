package io.switchboard.internal;

import io.switchboard.SwitchboardException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Holds the façade's calls until the node has started: a call made before runs once it has, a call
 * made after runs at once on the caller's thread. A refusal thrown while a call is prepared becomes
 * the failed stage the API promises.
 */
public final class ReadyGate {
  private final CompletionStage<Done> ready;
  private final Executor executor;

  public ReadyGate(CompletionStage<Done> ready, Executor executor) {
    this.ready = ready;
    this.executor = executor;
  }

  /** Completes when the node has started (the journal schema exists, the sharding runs). */
  public CompletionStage<Done> started() {
    return ready;
  }

  /** Runs {@code call} once the node has started. */
  public <T> CompletionStage<T> afterReady(Supplier<CompletionStage<T>> call) {
    CompletableFuture<Done> started = ready.toCompletableFuture();
    if (started.isDone() && !started.isCompletedExceptionally()) {
      return call.get();
    }
    return ready.thenComposeAsync(done -> call.get(), executor);
  }

  /** Returns a source made once the node has started, anew for each materialization. */
  public <T, M> Source<T, CompletionStage<M>> source(Supplier<Source<T, M>> make) {
    return Source.fromMaterializer(
            (materializer, attributes) ->
                Source.completionStageSource(
                    afterReady(() -> CompletableFuture.completedFuture(make.get()))))
        .mapMaterializedValue(outer -> outer.thenComposeAsync(inner -> inner, executor));
  }

  /** Turns a refusal thrown while preparing a call into the failed stage the API promises. */
  public static <T> CompletionStage<T> guarded(Supplier<CompletionStage<T>> call) {
    try {
      return call.get();
    } catch (SwitchboardException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
