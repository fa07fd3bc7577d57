package io.switchboard.internal;

import io.switchboard.SwitchboardException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import scala.concurrent.ExecutionContextExecutor;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Ends a publish early with {@link SwitchboardException.Unreachable} when it has waited {@code
 * after} while a cluster member is unreachable: its partition may live there, and a message sent
 * to a dead node is never answered, so the caller would wait out {@code switchboard.ask-timeout}.
 * The answer is retryable: once the node is downed its partitions start elsewhere.
 */
public final class UnreachableFailFast {
  private final ActorSystem<?> system;
  private final ExecutionContextExecutor executor;
  private final Duration after;
  private final Duration retryAfter;
  private final BooleanSupplier anyUnreachable;

  /** {@code after} zero turns it off: every publish waits for its answer or the ask timeout. */
  public UnreachableFailFast(ActorSystem<?> system, Duration after, Duration retryAfter,
      BooleanSupplier anyUnreachable) {
    this.system = system;
    this.executor = system.executionContext();
    this.after = after;
    this.retryAfter = retryAfter;
    this.anyUnreachable = anyUnreachable;
  }

  /** Watches the reachability this system's cluster member sees. */
  public static UnreachableFailFast of(ActorSystem<?> system, Duration after, Duration retryAfter) {
    Cluster cluster = Cluster.get(system);
    return new UnreachableFailFast(system, after, retryAfter, () -> !cluster.state().getUnreachable().isEmpty());
  }

  /** Returns {@code answer}, or an earlier failure if a member is unreachable at one of the checks. */
  public <T> CompletionStage<T> guard(CompletionStage<T> answer) {
    if (after.isZero()) {
      return answer;
    }
    CompletableFuture<T> guarded = new CompletableFuture<>();
    answer.whenCompleteAsync((value, failure) -> {
      if (failure != null) {
        guarded.completeExceptionally(failure);
      } else {
        guarded.complete(value);
      }
    }, executor);
    check(guarded);
    return guarded;
  }

  private void check(CompletableFuture<?> guarded) {
    // checks again every `after`: a member may become unreachable while the answer is awaited;
    // the ask's own timeout ends the loop
    system.scheduler().scheduleOnce(after, () -> {
      if (guarded.isDone()) {
        return;
      }
      if (anyUnreachable.getAsBoolean()) {
        guarded.completeExceptionally(new SwitchboardException.Unreachable("no answer within " + after
            + " while a cluster member is unreachable (switchboard.publish-fail-fast.after); the publish"
            + " may have been stored: retry with the same idempotencyKey", retryAfter));
      } else {
        check(guarded);
      }
    }, executor);
  }
}
