package io.switchboard.runtime.gateway;

import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWRegister;
import org.apache.pekko.cluster.ddata.LWWRegisterKey;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;

/**
 * Writes the registry's pool definitions into Distributed Data, from where every node's gateway
 * reads them.
 */
final class PoolPublisher {
  static final Key<LWWRegister<PoolDefinitions>> KEY =
      LWWRegisterKey.create("switchboard-gateway-pools");

  private final ActorSystem<?> system;
  private final SelfUniqueAddress self;

  PoolPublisher(ActorSystem<?> system) {
    this.system = system;
    this.self = DistributedData.get(system).selfUniqueAddress();
  }

  void publish(PoolDefinitions pools) {
    // the definitions' version is the register's clock, as the topic catalog's: the newest wins
    // whatever the wall clocks of the nodes the singleton has lived on
    LWWRegister.Clock<PoolDefinitions> clock =
        (current, value) -> Math.max(current + 1, value.version());
    DistributedData.get(system)
        .replicator()
        .tell(
            new Replicator.Update<>(
                KEY,
                LWWRegister.create(self, pools, clock),
                // its answer is ignored: gossip spreads the value to every node anyway, the
                // majority only makes it reach most of them at once; not a limit anyone waits on
                new Replicator.WriteMajority(Duration.ofSeconds(3)),
                system.ignoreRef(),
                register ->
                    register.value().version() > pools.version()
                        ? register
                        : register.withValue(self, pools, clock)));
  }
}
