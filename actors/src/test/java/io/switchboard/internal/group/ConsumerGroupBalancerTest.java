package io.switchboard.internal.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.internal.group.ConsumerGroupBalancer.ConsumerLoad;
import io.switchboard.internal.group.ConsumerGroupBalancer.GroupLoad;
import io.switchboard.internal.group.ConsumerGroupBalancer.LoadReport;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ConsumerGroupBalancerTest {
  static final ActorTestKit testKit =
      ActorTestKit.create(
          com.typesafe.config.ConfigFactory.parseString("pekko.actor.provider = local"));

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void answersWithTheGroupsTotalsOverEveryPartition() {
    var balancer =
        testKit.spawn(ConsumerGroupBalancer.create(Duration.ofMinutes(1), Duration.ofMinutes(2)));
    TestProbe<GroupLoad> probe = testKit.createTestProbe();

    balancer.tell(
        new LoadReport(
            0,
            List.of(new ConsumerLoad("a", 3, 1.0, 100), new ConsumerLoad("b", 1, 2.0, 0)),
            probe.ref()));
    probe.receiveMessage();
    balancer.tell(
        new LoadReport(
            1,
            List.of(new ConsumerLoad("a", 2, 1.0, 300), new ConsumerLoad("b", 4, 2.0, 50)),
            probe.ref()));

    GroupLoad totals = probe.receiveMessage();
    assertThat(totals.consumers())
        .containsExactly(new ConsumerLoad("a", 5, 1.0, 200), new ConsumerLoad("b", 5, 2.0, 50));
  }

  @Test
  void replacesAPartitionsEarlierReport() {
    var balancer =
        testKit.spawn(ConsumerGroupBalancer.create(Duration.ofMinutes(1), Duration.ofMinutes(2)));
    TestProbe<GroupLoad> probe = testKit.createTestProbe();
    balancer.tell(new LoadReport(0, List.of(new ConsumerLoad("a", 9, 1.0, 0)), probe.ref()));
    probe.receiveMessage();
    balancer.tell(new LoadReport(0, List.of(new ConsumerLoad("a", 1, 1.0, 0)), probe.ref()));
    assertThat(probe.receiveMessage().consumers())
        .containsExactly(new ConsumerLoad("a", 1, 1.0, 0));
  }
}
