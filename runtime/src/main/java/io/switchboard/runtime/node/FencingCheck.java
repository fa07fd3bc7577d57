package io.switchboard.runtime.node;

import com.typesafe.config.Config;
import io.switchboard.runtime.lease.PostgresLeaseSettings;
import java.util.List;

/**
 * Refuses a cluster node that could split or write a journal unfenced: the {@code cluster} profile
 * without seed nodes (it would form a cluster of its own beside a running one) or without the
 * lease's database, and lease settings that cannot work.
 */
final class FencingCheck {
  private static final String LEASE = "switchboard.lease";
  private static final String SBR = "pekko.cluster.split-brain-resolver.";

  private FencingCheck() {}

  /** Throws {@link IllegalArgumentException} (one line) when a cluster node must not start. */
  static void requireClusterMembership(Config config, List<String> profiles) {
    if (profiles.contains("cluster")) {
      if (config.getStringList("pekko.cluster.seed-nodes").isEmpty()) {
        throw new IllegalArgumentException(
            "profile 'cluster' needs --seed-nodes: list every seed node "
                + "(host:port,...), the same list on every node");
      }
      if (usesLease(config) && config.getString(LEASE + ".url").isBlank()) {
        throw new IllegalArgumentException(
            "profile 'cluster' needs the postgres profile "
                + "(--profile cluster,postgres): the cluster's journal and its leases live there");
      }
    }
  }

  /** Throws {@link IllegalArgumentException} (one line) when the lease in use cannot work. */
  static void requireLeaseSettings(Config config) {
    if (usesLease(config)) {
      PostgresLeaseSettings.fromConfig(config.getConfig(LEASE));
    }
  }

  private static boolean usesLease(Config config) {
    boolean resolver =
        "lease-majority".equals(config.getString(SBR + "active-strategy"))
            && LEASE.equals(config.getString(SBR + "lease-majority.lease-implementation"));
    return resolver
        || LEASE.equals(config.getString("pekko.cluster.sharding.use-lease"))
        || LEASE.equals(config.getString("pekko.cluster.singleton.use-lease"));
  }
}
