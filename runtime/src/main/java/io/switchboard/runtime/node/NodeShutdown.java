package io.switchboard.runtime.node;

import org.apache.pekko.actor.CoordinatedShutdown;

/** Why a node shut down, as recorded by coordinated shutdown. */
final class NodeShutdown {
  private NodeShutdown() {}

  /** {@link SwitchboardNode#stop()} was called. */
  enum Requested implements CoordinatedShutdown.Reason {
    INSTANCE
  }

  /** The node could not join the cluster or make its schema in time. */
  enum StartupFailed implements CoordinatedShutdown.Reason {
    INSTANCE
  }
}
