package io.switchboard.runtime.node;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/** The management readiness check ({@code /ready}): true when {@link NodeReadiness} is healthy. */
public final class SwitchboardReadinessCheck implements Supplier<CompletionStage<Boolean>> {
  private final NodeReadiness readiness;

  /** Called by Pekko Management with the classic system. */
  public SwitchboardReadinessCheck(ActorSystem system) {
    this.readiness = NodeReadiness.get(Adapter.toTyped(system));
  }

  @Override
  public CompletionStage<Boolean> get() {
    return CompletableFuture.completedFuture(readiness.healthy());
  }
}
