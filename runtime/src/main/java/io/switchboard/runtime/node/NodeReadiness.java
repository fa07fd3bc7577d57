package io.switchboard.runtime.node;

import io.switchboard.runtime.http.Readiness;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * Whether this node serves requests: ready once it is Up and its journal schema exists, not
 * ready again once shutdown begins. Shared by the HTTP API and the management readiness check.
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

  @Override
  public boolean getAsBoolean() {
    return ready;
  }
}
