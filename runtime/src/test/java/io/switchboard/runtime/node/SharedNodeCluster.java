package io.switchboard.runtime.node;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Hands the three-node ITs one cluster for the whole run instead of three JVMs each: starting and
 * joining three nodes is a third of such a class's time. A class gets the cluster before its own
 * {@code @BeforeAll}; each class works on a topic of its own and leaves the three nodes running as
 * one cluster (it restarts what it stopped). A cluster that is not whole when the next class asks
 * (a class failed half way) is stopped and a fresh one started, so no class runs on what another
 * broke. The root store stops the nodes and drops the database when the run ends.
 */
final class SharedNodeCluster implements BeforeAllCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SharedNodeCluster.class);
  private static final int SIZE = 3;

  /** The resource lock its users hold while they run (see {@link OnSharedNodeCluster}). */
  static final String LOCK = "switchboard.shared-node-cluster";

  /**
   * Most deliveries a node holds per partition for pull clients: FailoverIT bounds duplicates by
   * it.
   */
  static final int PREFETCH = 32;

  private static final String CONFIG = "switchboard.pull.prefetch = " + PREFETCH + "\n";

  /** An IT class that runs on the shared cluster. */
  interface User {
    /** Receives the cluster, whole, before the class's {@code @BeforeAll} methods run. */
    void attach(NodeCluster cluster);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    User user = (User) context.getRequiredTestInstance();
    ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
    NodeCluster cluster = store.get(CONFIG, NodeCluster.class);
    if (cluster != null && !cluster.whole()) {
      System.out.println(
          "SharedNodeCluster: the cluster is not whole after the last class; starting a new one");
      store.remove(CONFIG, NodeCluster.class).close();
      cluster = null;
    }
    if (cluster == null) {
      cluster = NodeCluster.start("node-cluster-it", SIZE, CONFIG);
      store.put(CONFIG, cluster);
    }
    user.attach(cluster);
  }
}
