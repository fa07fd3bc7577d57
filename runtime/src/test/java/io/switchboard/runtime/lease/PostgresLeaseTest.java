package io.switchboard.runtime.lease;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.coordination.lease.javadsl.Lease;
import org.apache.pekko.coordination.lease.javadsl.LeaseProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The lease as Pekko's lease provider creates it from the node's switchboard.lease path. */
class PostgresLeaseTest {
  private final String table = "lease_test_" + System.nanoTime();
  private ActorSystem first;
  private ActorSystem second;

  @BeforeEach
  void startSystems() {
    LeaseDatabase.assumeReachable();
    first = ActorSystem.create("lease", config());
    second = ActorSystem.create("lease", config());
  }

  @AfterEach
  void stopSystems() throws Exception {
    if (first != null) {
      terminate(first);
      terminate(second);
      LeaseDatabase.drop(table);
    }
  }

  @Test
  void pekkosLeaseProviderCreatesItAndOnlyOneSystemHoldsIt() throws Exception {
    Lease a =
        LeaseProvider.get(first)
            .getLease("lease-shard-partition-3", "switchboard.lease", "127.0.0.1:25520");
    Lease b =
        LeaseProvider.get(second)
            .getLease("lease-shard-partition-3", "switchboard.lease", "127.0.0.1:25520");

    assertThat(a.getSettings().timeoutSettings().getHeartbeatTimeout()).hasSeconds(2);
    assertThat(a.acquire().toCompletableFuture().get(5, TimeUnit.SECONDS)).isTrue();
    // the same address in a second process (a restarted node) is another owner
    assertThat(b.acquire().toCompletableFuture().get(5, TimeUnit.SECONDS)).isFalse();
    assertThat(a.checkLease()).isTrue();
    assertThat(b.checkLease()).isFalse();

    // a terminated system gives back what it held
    terminate(first);
    assertThat(b.acquire().toCompletableFuture().get(5, TimeUnit.SECONDS)).isTrue();
  }

  private static void terminate(ActorSystem system) throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private Config config() {
    return ConfigFactory.parseString(
            String.join(
                "\n",
                "pekko.actor.provider = local",
                "switchboard.lease.url = \"" + LeaseDatabase.URL + "\"",
                "switchboard.lease.table = " + table,
                "switchboard.lease.heartbeat-timeout = 2s",
                "switchboard.lease.heartbeat-interval = 300ms",
                "switchboard.lease.lease-operation-timeout = 1s"))
        .withFallback(ConfigFactory.load());
  }
}
