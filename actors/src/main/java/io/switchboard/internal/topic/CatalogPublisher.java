package io.switchboard.internal.topic;

import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWRegister;
import org.apache.pekko.cluster.ddata.LWWRegisterKey;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;

/** Writes the registry's catalog into Distributed Data, from where every node reads it. */
final class CatalogPublisher {
  static final Key<LWWRegister<Catalog>> KEY = LWWRegisterKey.create("switchboard-catalog");

  private final ActorSystem<?> system;
  private final SelfUniqueAddress self;

  CatalogPublisher(ActorSystem<?> system) {
    this.system = system;
    this.self = DistributedData.get(system).selfUniqueAddress();
  }

  void publish(Catalog catalog) {
    // The catalog's version is the register's clock: the newest catalog wins whatever the
    // wall clocks of the nodes the singleton has lived on.
    LWWRegister.Clock<Catalog> clock = (current, value) -> Math.max(current + 1, value.version());
    DistributedData.get(system)
        .replicator()
        .tell(
            new Replicator.Update<>(
                KEY,
                LWWRegister.create(self, catalog, clock),
                // its answer is ignored: gossip spreads the value to every node anyway, the
                // majority only makes it reach most of them at once; not a limit anyone waits on
                new Replicator.WriteMajority(Duration.ofSeconds(3)),
                system.ignoreRef(),
                register ->
                    register.value().version() > catalog.version()
                        ? register
                        : register.withValue(self, catalog, clock)));
  }
}
