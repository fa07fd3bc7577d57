package io.switchboard.runtime.node;

import io.switchboard.runtime.http.Readiness;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * Whether this node serves requests: ready once it is Up and its journal schema exists, not
 * ready again once shutdown begins; and whether it should get traffic ({@link #problem()}: the
 * registry probe's last answer). Shared by the HTTP API and the management readiness check.
 */
public final class NodeReadiness implements Extension, Readiness {

  private static final class Id extends ExtensionId<NodeReadiness> {
    @Override
    public NodeReadiness createExtension(ActorSystem<?> system) {
      return new NodeReadiness();
    }
  }

  private static final Id ID = new Id();

  private volatile boolean ready;
  private volatile String problem;

  private NodeReadiness() {}

  /** Returns the system's readiness, not ready at first. */
  public static NodeReadiness get(ActorSystem<?> system) {
    return ID.apply(system);
  }

  void markReady() {
    ready = true;
  }

  void markNotReady() {
    ready = false;
  }

  /** Records the registry probe's answer: null when the registry answered, else why not. */
  void registryProbed(String failure) {
    problem = failure;
  }

  @Override
  public boolean getAsBoolean() {
    return ready;
  }

  @Override
  public String problem() {
    return problem;
  }

  /** Returns whether the node is ready and nothing keeps traffic away from it. */
  public boolean healthy() {
    return ready && problem == null;
  }
}
