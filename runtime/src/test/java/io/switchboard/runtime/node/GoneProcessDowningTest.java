package io.switchboard.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.ConfigFactory;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.MemberStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GoneProcessDowningTest {
  private static final String CONFIG =
      "pekko.actor.provider = cluster\n"
          + "pekko.remote.artery.canonical { hostname = \"127.0.0.1\", port = 0 }\n"
          + "pekko.cluster.jmx.multi-mbeans-in-same-jvm = on\n"
          + "pekko.coordinated-shutdown.exit-jvm = off\n";
  private ActorSystem first;
  private ActorSystem second;

  @AfterEach
  void stop() {
    for (ActorSystem system : new ActorSystem[] {first, second}) {
      if (system != null) {
        system.terminate();
      }
    }
  }

  @Test
  void aPortNobodyListensOnRefusesAndAnOpenOneDoesNot() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
      assertThat(GoneProcessDowning.refusesConnection(address(closed), 500)).isFalse();
    }
    assertThat(GoneProcessDowning.refusesConnection(address(closed), 500)).isTrue();
  }

  @Test
  void downsAMemberRefusedTheGivenNumberOfTimesInARow() {
    Cluster cluster = twoMembers();
    Address other = Cluster.get(second).selfAddress();
    Set<Address> refusing = ConcurrentHashMap.newKeySet();
    var downing =
        new GoneProcessDowning(
            cluster,
            new GoneProcessDowning.Settings(Duration.ofMillis(500), 2),
            refusing::contains);

    refusing.add(other);
    downing.probe();
    refusing.clear();
    downing.probe(); // an accepted connection starts the count again
    refusing.add(other);
    downing.probe();
    assertThat(status(cluster, other)).isEqualTo(MemberStatus.up());

    downing.probe();
    // downed and, quarantined, removed without waiting for the failure detector
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> status(cluster, other) == MemberStatus.removed());
  }

  @Test
  void refusesSettingsOutOfRange() {
    assertThatThrownBy(() -> new GoneProcessDowning.Settings(Duration.ofMillis(-1), 2))
        .hasMessageContaining("gone-process-downing.interval");
    assertThatThrownBy(() -> new GoneProcessDowning.Settings(Duration.ofMillis(500), 0))
        .hasMessageContaining("gone-process-downing.refusals must be >= 1, got 0");
  }

  private Cluster twoMembers() {
    first = ActorSystem.create("gone", ConfigFactory.parseString(CONFIG));
    second = ActorSystem.create("gone", ConfigFactory.parseString(CONFIG));
    Cluster cluster = Cluster.get(first);
    cluster.join(cluster.selfAddress());
    Cluster.get(second).join(cluster.selfAddress());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                status(cluster, Cluster.get(second).selfAddress()) == MemberStatus.up()
                    && Cluster.get(first).selfMember().status() == MemberStatus.up());
    return cluster;
  }

  private static MemberStatus status(Cluster cluster, Address address) {
    for (var member : cluster.state().getMembers()) {
      if (member.address().equals(address)) {
        return member.status();
      }
    }
    return MemberStatus.removed();
  }

  private static Address address(int port) {
    return new Address("pekko", "gone", "127.0.0.1", port);
  }
}
