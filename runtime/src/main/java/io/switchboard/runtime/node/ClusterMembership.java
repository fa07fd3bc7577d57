package io.switchboard.runtime.node;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/** Joins the cluster: the configured seed nodes, or the node itself when there are none. */
final class ClusterMembership {
  private ClusterMembership() {}

  /**
   * Joins itself when {@code pekko.cluster.seed-nodes} is empty; Pekko joins the seeds otherwise.
   */
  static void join(ActorSystem<?> system) {
    if (system.settings().config().getStringList("pekko.cluster.seed-nodes").isEmpty()) {
      Cluster cluster = Cluster.get(system);
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }
  }

  /** Completes when this member is Up; fails after {@code timeout}. */
  static CompletionStage<Done> awaitUp(ActorSystem<?> system, Duration timeout) {
    CompletableFuture<Done> up = new CompletableFuture<>();
    org.apache.pekko.cluster.Cluster.get(Adapter.toClassic(system))
        .registerOnMemberUp(() -> up.complete(Done.getInstance()));
    return up.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
