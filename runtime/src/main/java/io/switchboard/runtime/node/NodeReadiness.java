package io.switchboard.runtime.node;

import io.switchboard.runtime.http.Readiness;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * Whether this node serves requests: starting until it is Up and its journal schema exists, then
 * ready, then stopping once shutdown begins (for good); and whether it should get traffic ({@link
 * #problem()}: the registry probe's last answer). Shared by the HTTP API and the management
 * readiness check.
 */
public final class NodeReadiness implements Extension, Readiness {

  private static final class Id extends ExtensionId<NodeReadiness> {
    @Override
    public NodeReadiness createExtension(ActorSystem<?> system) {
      return new NodeReadiness();
    }
  }

  private static final Id ID = new Id();

  private volatile State state = State.STARTING;
  private final CompletableFuture<Done> stopping = new CompletableFuture<>();
  private volatile String problem;

  private NodeReadiness() {}

  /** Returns the system's readiness, starting at first. */
  public static NodeReadiness get(ActorSystem<?> system) {
    return ID.apply(system);
  }

  synchronized void markReady() {
    // a node that began stopping while it started stays stopping
    if (state == State.STARTING) {
      state = State.READY;
    }
  }

  synchronized void markStopping() {
    state = State.STOPPING;
    stopping.complete(Done.getInstance());
  }

  @Override
  public State state() {
    return state;
  }

  @Override
  public CompletionStage<Done> stopping() {
    return stopping.minimalCompletionStage();
  }

  /** Records the registry probe's answer: null when the registry answered, else why not. */
  void registryProbed(String failure) {
    problem = failure;
  }

  @Override
  public boolean getAsBoolean() {
    return state == State.READY;
  }

  @Override
  public String problem() {
    return problem;
  }

  /** Returns whether the node is ready and nothing keeps traffic away from it. */
  public boolean healthy() {
    return state == State.READY && problem == null;
  }
}
