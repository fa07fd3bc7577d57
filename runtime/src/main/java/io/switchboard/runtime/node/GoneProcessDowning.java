package io.switchboard.runtime.node;

import io.switchboard.settings.CheckedConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.ClusterEvent.CurrentClusterState;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.UniqueAddress;
import org.apache.pekko.remote.RemoteActorRefProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * Downs a member whose process is gone: its Artery port refuses connections on {@code refusals}
 * probes in a row. A host answers a connection to a port nobody listens on with a reset at once, so
 * a crashed or killed node on a running host is downed within about a second instead of after the
 * failure detector's pause plus the resolver's stable-after. A frozen node still accepts (its
 * kernel does), and an unreachable host does not answer: both are left to the failure detector and
 * the split brain resolver. It acts only while the members this node reaches, itself included, are
 * a majority of the others, so a minority cut off behind a rejecting firewall never downs the
 * majority.
 */
final class GoneProcessDowning {
  private static final Logger log = LoggerFactory.getLogger(GoneProcessDowning.class);

  /**
   * Its settings ({@code switchboard.node.gone-process-downing}); an interval of zero turns it off.
   */
  record Settings(Duration interval, int refusals) {
    Settings {
      if (interval.isNegative()) {
        throw new IllegalArgumentException(
            "switchboard.node.gone-process-downing.interval must be >= 0, got " + interval);
      }
      if (refusals < 1) {
        throw new IllegalArgumentException(
            "switchboard.node.gone-process-downing.refusals must be >= 1, got " + refusals);
      }
    }

    static Settings fromConfig(CheckedConfig node) {
      return new Settings(
          node.nonNegative("gone-process-downing.interval"),
          node.intIn("gone-process-downing.refusals", 1, Integer.MAX_VALUE));
    }
  }

  private final Cluster cluster;
  private final Settings settings;
  private final Predicate<Address> refuses;
  private final Map<UniqueAddress, Integer> refused = new HashMap<>();

  GoneProcessDowning(Cluster cluster, Settings settings, Predicate<Address> refuses) {
    this.cluster = cluster;
    this.settings = settings;
    this.refuses = refuses;
  }

  /** Probes every interval on a thread of its own (connects block) until the system terminates. */
  static void start(ActorSystem<?> system, Settings settings) {
    if (settings.interval().isZero()) {
      return;
    }
    long timeoutMillis = Math.max(1, settings.interval().toMillis() / 2);
    GoneProcessDowning downing =
        new GoneProcessDowning(
            Cluster.get(Adapter.toClassic(system)),
            settings,
            address -> refusesConnection(address, (int) timeoutMillis));
    ScheduledExecutorService probes =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "switchboard-gone-process-probe");
              thread.setDaemon(true);
              return thread;
            });
    long interval = settings.interval().toNanos();
    probes.scheduleWithFixedDelay(downing::probe, interval, interval, TimeUnit.NANOSECONDS);
    system.getWhenTerminated().thenRun(probes::shutdownNow);
  }

  /** Probes each other Up member once; downs those refused {@code refusals} times in a row. */
  void probe() {
    CurrentClusterState state = cluster.state();
    Map<UniqueAddress, Integer> seen = new HashMap<>();
    for (Member member : state.getMembers()) {
      if (member.status() != MemberStatus.up()
          || member.uniqueAddress().equals(cluster.selfUniqueAddress())) {
        continue;
      }
      if (!refuses.test(member.address())) {
        continue;
      }
      int times = refused.getOrDefault(member.uniqueAddress(), 0) + 1;
      if (times >= settings.refusals() && reachesMajorityWithout(state, member)) {
        log.warn(
            "Downing {}: its port refused {} connections in a row, its process is gone",
            member.address(),
            times);
        cluster.down(member.address());
        // a downed member is removed only once it counts as unreachable, which the failure
        // detector says seconds later; a quarantined one counts at once (and is never coming back)
        ((RemoteActorRefProvider) cluster.system().provider())
            .quarantine(
                member.address(),
                Option.apply((Object) member.uniqueAddress().longUid()),
                "its process is gone");
      } else {
        seen.put(member.uniqueAddress(), times);
      }
    }
    refused.clear();
    refused.putAll(seen);
  }

  private static boolean reachesMajorityWithout(CurrentClusterState state, Member gone) {
    int others = 0;
    int reached = 0;
    for (Member member : state.getMembers()) {
      if (member.equals(gone)
          || member.status() == MemberStatus.down()
          || member.status() == MemberStatus.removed()) {
        continue;
      }
      others++;
      reached += state.getUnreachable().contains(member) ? 0 : 1;
    }
    return reached * 2 > others;
  }

  /**
   * Returns whether a connection to the address is refused (nobody listens), not merely unanswered.
   */
  static boolean refusesConnection(Address address, int timeoutMillis) {
    if (address.getHost().isEmpty() || address.getPort().isEmpty()) {
      return false;
    }
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(address.getHost().get(), address.getPort().get()), timeoutMillis);
      return false;
    } catch (ConnectException e) {
      return String.valueOf(e.getMessage()).contains("refused");
    } catch (IOException e) {
      return false; // a timeout or an unreachable host says nothing about the process
    }
  }
}
