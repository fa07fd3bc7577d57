package io.switchboard;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/**
 * A real single-node Switchboard for tests: Artery on a free port, its journal (RocksDB, the
 * library default) in {@code dataDir}.
 */
public final class TestNode implements AutoCloseable {
  private final ActorSystem<Void> system;
  private final Switchboard switchboard;

  public TestNode(Path dataDir) {
    this(dataDir, ConfigFactory.empty());
  }

  public TestNode(Path dataDir, Config overrides) {
    this(dataDir, overrides, null);
  }

  /** Starts a node that joins the cluster of {@code seed} (null: forms its own). */
  public TestNode(Path dataDir, Config overrides, Address seed) {
    // load(config) puts reference.conf behind the overrides before resolving, so
    // ${switchboard.data-dir} in the journal URL sees the test's directory.
    Config config =
        ConfigFactory.load(
            overrides.withFallback(
                ConfigFactory.parseString(
                    "switchboard.data-dir = \""
                        + dataDir.toAbsolutePath().toString().replace("\\", "/")
                        + "\"\n"
                        + "pekko.remote.artery.canonical { hostname = 127.0.0.1, port = 0 }\n"
                        + "pekko.cluster.jmx.multi-mbeans-in-same-jvm = on\n"
                        + "pekko.coordinated-shutdown.exit-jvm = off\n"
                        + "pekko.coordinated-shutdown.terminate-actor-system = on\n"
                        + "pekko.cluster.run-coordinated-shutdown-when-down = off\n"
                        + "pekko.loglevel = WARNING\n")));
    system = ActorSystem.create(Behaviors.empty(), "test", config);
    Cluster cluster = Cluster.get(system);
    cluster.manager().tell(Join.create(seed == null ? cluster.selfMember().address() : seed));
    switchboard = Switchboard.get(system);
    switchboard
        .ready()
        .toCompletableFuture()
        .orTimeout(30, java.util.concurrent.TimeUnit.SECONDS)
        .join();
  }

  public Address address() {
    return Cluster.get(system).selfMember().address();
  }

  public Switchboard switchboard() {
    return switchboard;
  }

  public ActorSystem<Void> system() {
    return system;
  }

  /**
   * Stops the system at once: no handoff, no graceful leave (a crash as far as the journal goes).
   */
  public void crash() {
    system.terminate();
    system
        .getWhenTerminated()
        .toCompletableFuture()
        .orTimeout(30, java.util.concurrent.TimeUnit.SECONDS)
        .join();
  }

  @Override
  public void close() {
    crash();
  }

  public static Duration timeout() {
    return Duration.ofSeconds(30);
  }
}
