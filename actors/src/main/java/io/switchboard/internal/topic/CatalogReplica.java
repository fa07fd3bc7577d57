package io.switchboard.internal.topic;

import java.util.function.Consumer;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ddata.LWWRegister;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;

/** Follows the replicated catalog on this node and hands each new version to {@code sink}. */
public final class CatalogReplica {
  private CatalogReplica() {}

  public static Behavior<Replicator.SubscribeResponse<LWWRegister<Catalog>>> create(
      Consumer<Catalog> sink) {
    return Behaviors.setup(
        context -> {
          DistributedData.get(context.getSystem())
              .replicator()
              .tell(new Replicator.Subscribe<>(CatalogPublisher.KEY, context.getSelf()));
          return Behaviors.<Replicator.SubscribeResponse<LWWRegister<Catalog>>>receiveMessage(
              response -> {
                if (response instanceof Replicator.Changed<LWWRegister<Catalog>> changed) {
                  sink.accept(changed.get(CatalogPublisher.KEY).value());
                }
                return Behaviors.same();
              });
        });
  }
}
