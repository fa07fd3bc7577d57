package io.switchboard.internal.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.switchboard.ErrorCode;
import io.switchboard.consumer.AckResult;
import io.switchboard.internal.deadletter.DeadLetter;
import io.switchboard.internal.group.ConsumerGroupBalancer;
import io.switchboard.internal.protocol.PartitionProtocol.*;
import io.switchboard.internal.topic.TopicEntry;
import io.switchboard.message.Message;
import io.switchboard.producer.Confirm;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import io.switchboard.topic.TopicStats;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The partition core alone, on a clock the test moves by hand (as Aeron's ElectionTest does). */
class PartitionCoreTest {
  static final ActorTestKit testKit =
      ActorTestKit.create(ConfigFactory.parseString("pekko.actor.provider = local"));
  static final long START = 1_700_000_000_000L;
  static final long LEASE = 30_000;
  static final long HEARTBEAT_TIMEOUT =
      300_000; // longer than the leases of the tests, which do not renew
  static final long PASSIVATE_AFTER = 60_000;
  static final long RETRY_AFTER = 1_000;
  static final long ACK_WRITE_DELAY = 20;
  static final PartitionSettings SETTINGS =
      new PartitionSettings(
          1_000,
          1 << 20,
          100,
          Duration.ofMillis(100),
          Duration.ofMillis(PASSIVATE_AFTER),
          Duration.ofMillis(RETRY_AFTER),
          Duration.ofMillis(HEARTBEAT_TIMEOUT),
          Duration.ofSeconds(1),
          Duration.ofMillis(ACK_WRITE_DELAY),
          8 << 20,
          1_000);

  final TestProbe<ConsumerMessage> consumer = testKit.createTestProbe();
  final TestProbe<PublishReply> producer = testKit.createTestProbe();

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static TopicConfig topic() {
    return TopicConfig.of("t").withPartitions(1).withAckLease(Duration.ofMillis(LEASE));
  }

  private static CoreDriver driver(TopicConfig config, String... groups) {
    Map<String, GroupConfig> byName = new LinkedHashMap<>();
    for (String group : groups) {
      byName.put(group, GroupConfig.DEFAULT);
    }
    return new CoreDriver(
        testKit, new TopicEntry(config, 1, byName), SETTINGS, new ManualClock(START));
  }

  private Message message(CoreDriver driver, String body) {
    return Message.builder("t")
        .text(body)
        .createdAt(Instant.ofEpochMilli(driver.clock.millis()))
        .build();
  }

  private PublishReply publish(CoreDriver driver, Message... messages) {
    driver.send(new Publish(List.of(messages), producer.ref()));
    return producer.receiveMessage();
  }

  private void subscribe(CoreDriver driver, TestProbe<ConsumerMessage> probe, String id) {
    driver.send(new Subscribe("g", id, 10, 1.0, probe.ref()));
  }

  /** Returns the next deliveries {@code probe} gets (skipping its Joined). */
  private static Deliveries deliveries(TestProbe<ConsumerMessage> probe) {
    ConsumerMessage next = probe.receiveMessage();
    return next instanceof Deliveries d ? d : (Deliveries) probe.receiveMessage();
  }

  @Test
  void redeliversWithTheNextAttemptExactlyAtTheLeaseBoundary() {
    CoreDriver driver = driver(topic(), "g");
    publish(driver, message(driver, "work"));
    subscribe(driver, consumer, "a");
    assertThat(deliveries(consumer).items().get(0).attempt()).isEqualTo(1);

    driver.tickAfter(LEASE - 1);
    assertThat(driver.group("g").stats().redelivered()).isZero();

    driver.tickAfter(1);
    Delivered again = deliveries(consumer).items().get(0);
    assertThat(again.attempt()).isEqualTo(2);
    assertThat(again.offset()).isZero();
    assertThat(driver.group("g").stats().redelivered()).isEqualTo(1);
  }

  @Test
  void deadLettersAfterTheLastAttemptAndSettlesOnceStored() {
    CoreDriver driver = driver(topic().withMaxAttempts(2), "g");
    publish(driver, message(driver, "poison"));
    subscribe(driver, consumer, "a");
    deliveries(consumer);
    driver.tickAfter(LEASE);
    assertThat(deliveries(consumer).items().get(0).attempt()).isEqualTo(2);

    driver.tickAfter(LEASE);
    Publish letters = (Publish) driver.deadLetters.receiveMessage();
    assertThat(letters.messages())
        .singleElement()
        .satisfies(letter -> assertThat(letter.headers()).containsEntry(DeadLetter.GROUP, "g"));
    assertThat(driver.state.groups().get("g").pending()).containsExactly(0L);

    driver.answer(Publish.class, PublishReply.ok(List.of()));
    assertThat(driver.group("g").stats().deadLettered()).isEqualTo(1);
    assertThat(driver.state.groups().get("g").pending()).isEmpty();
  }

  @Test
  void reportsItsNodeJournalWritesAndEachConsumersCreditHoldingsAndServiceTime() {
    CoreDriver driver = driver(topic(), "g");
    publish(driver, message(driver, "one"), message(driver, "two"));
    subscribe(driver, consumer, "a");
    Deliveries held = deliveries(consumer);
    driver.advance(40);
    driver.send(
        new Settle("g", List.of(held.receipt(held.items().get(0))), SettleKind.ACK, 0, null));

    TopicStats.PartitionStats stats = stats(driver);
    assertThat(stats.node()).isEqualTo("test-node");
    assertThat(stats.journalWrites()).isEqualTo(driver.writes).isPositive();
    assertThat(stats.journalEvents()).isGreaterThanOrEqualTo(stats.journalWrites());
    assertThat(stats.consumers())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.group()).isEqualTo("g");
              assertThat(c.consumer()).isEqualTo("a");
              assertThat(c.window()).isEqualTo(10);
              assertThat(c.outstanding()).isEqualTo(1);
              assertThat(c.serviceMillis()).isPositive();
            });
  }

  @Test
  void browsesAGroupsBacklogWithoutLeasingOrChangingAnything() {
    CoreDriver driver = driver(topic(), "g");
    publish(
        driver, message(driver, "held"), message(driver, "waits"), message(driver, "waits too"));
    driver.send(new Subscribe("g", "a", 1, 1.0, consumer.ref()));
    assertThat(deliveries(consumer).items())
        .singleElement()
        .satisfies(d -> assertThat(d.offset()).isZero());
    int writes = driver.writes;

    TestProbe<Browsed> browser = testKit.createTestProbe();
    driver.send(new Browse("g", 10, browser.ref()));
    Browsed head = browser.receiveMessage();
    assertThat(head.offsets()).containsExactly(1L, 2L); // offset 0 is in flight, not in the backlog
    assertThat(head.messages())
        .extracting(m -> new String(m.payload(), java.nio.charset.StandardCharsets.UTF_8))
        .containsExactly("waits", "waits too");
    driver.send(new Browse("g", 1, browser.ref()));
    assertThat(browser.receiveMessage().offsets()).containsExactly(1L);
    driver.send(new Browse("no-such-group", 10, browser.ref()));
    assertThat(browser.receiveMessage().offsets()).isEmpty();

    assertThat(driver.writes).isEqualTo(writes);
    assertThat(driver.group("g").stats().backlog()).isEqualTo(2);
    assertThat(driver.group("g").stats().delivered()).isEqualTo(1);
  }

  private static TopicStats.PartitionStats stats(CoreDriver driver) {
    TestProbe<TopicStats.PartitionStats> probe = testKit.createTestProbe();
    driver.send(new GetStats(probe.ref()));
    return probe.receiveMessage();
  }

  @Test
  void letsAnAckRideOnTheNextPublishWrite() {
    CoreDriver driver = driver(topic(), "g");
    publish(driver, message(driver, "first"));
    subscribe(driver, consumer, "a");
    Deliveries first = deliveries(consumer);
    int writes = driver.writes;

    driver.send(
        new Settle("g", List.of(first.receipt(first.items().get(0))), SettleKind.ACK, 0, null));
    assertThat(driver.writes).isEqualTo(writes);
    assertThat(driver.state.groups().get("g").pending()).containsExactly(0L);

    publish(driver, message(driver, "second"));
    assertThat(driver.writes).isEqualTo(writes + 1);
    assertThat(driver.state.groups().get("g").pending()).containsExactly(1L);
    driver.advance(ACK_WRITE_DELAY);
    assertThat(driver.writes).isEqualTo(writes + 1);
  }

  @Test
  void writesAnAckAloneOnceItHasWaitedAckWriteDelay() {
    CoreDriver driver = driver(topic(), "g");
    publish(driver, message(driver, "only"));
    subscribe(driver, consumer, "a");
    Deliveries first = deliveries(consumer);
    int writes = driver.writes;

    driver.send(
        new Settle("g", List.of(first.receipt(first.items().get(0))), SettleKind.ACK, 0, null));
    driver.advance(ACK_WRITE_DELAY - 1);
    assertThat(driver.state.groups().get("g").pending()).containsExactly(0L);

    driver.advance(1);
    assertThat(driver.writes).isEqualTo(writes + 1);
    assertThat(driver.state.groups().get("g").pending()).isEmpty();
  }

  @Test
  void writesAnAckSomeoneWaitsForAtOnce() {
    CoreDriver driver = driver(topic(), "g");
    publish(driver, message(driver, "asked"));
    subscribe(driver, consumer, "a");
    Deliveries first = deliveries(consumer);
    TestProbe<AckResult> acker = testKit.createTestProbe();

    driver.send(
        new Settle(
            "g", List.of(first.receipt(first.items().get(0))), SettleKind.ACK, 0, acker.ref()));
    assertThat(acker.receiveMessage().accepted()).hasSize(1);
    assertThat(driver.state.groups().get("g").pending()).isEmpty();
  }

  @Test
  void redeliversANackWithDelayAtTheDelay() {
    CoreDriver driver = driver(topic(), "g");
    publish(driver, message(driver, "later"));
    subscribe(driver, consumer, "a");
    Deliveries first = deliveries(consumer);
    driver.send(
        new Settle(
            "g", List.of(first.receipt(first.items().get(0))), SettleKind.NACK, 5_000, null));

    driver.tickAfter(4_999);
    assertThat(driver.group("g").inFlightCount()).isZero();
    assertThat(driver.group("g").backlog()).isEqualTo(1);

    driver.tickAfter(1);
    assertThat(deliveries(consumer).items().get(0).attempt()).isEqualTo(2);
  }

  @Test
  void forgetsAnIdempotencyKeyAfterItsWindow() {
    CoreDriver driver = driver(topic().withIdempotencyWindow(Duration.ofMinutes(1)), "g");
    Message first = Message.builder("t").text("a").idempotencyKey("k").build();
    assertThat(publish(driver, first).confirms())
        .containsExactly(new Confirm(first.id(), "t", 0, 0, false));

    driver.clock.advance(60_000);
    Message retry = Message.builder("t").text("a").idempotencyKey("k").build();
    assertThat(publish(driver, retry).confirms().get(0).duplicate()).isTrue();

    driver.clock.advance(1);
    Message late = Message.builder("t").text("a").idempotencyKey("k").build();
    Confirm stored = publish(driver, late).confirms().get(0);
    assertThat(stored.duplicate()).isFalse();
    assertThat(stored.offset()).isEqualTo(1);
  }

  @Test
  void trimsSettledMessagesOnceTheyOutliveRetention() {
    CoreDriver driver = driver(topic().withRetention(Duration.ofMinutes(1)));
    publish(driver, message(driver, "kept a while"));
    assertThat(driver.state.storedCount()).isEqualTo(1);

    driver.tickAfter(60_000);
    assertThat(driver.state.storedCount()).isEqualTo(1);

    driver.tickAfter(1_000);
    assertThat(driver.state.storedCount()).isZero();
  }

  @Test
  void asksToPassivateOnceAfterBeingIdleForPassivateAfter() {
    CoreDriver driver = driver(topic(), "g");
    int[] asked = {0};
    driver.core.onIdle(() -> asked[0]++);
    driver.clock.advance(PASSIVATE_AFTER / 2);
    // Reading stats is not use: it must not keep the partition running.
    driver.send(new GetStats(testKit.<TopicStats.PartitionStats>createTestProbe().ref()));

    driver.tickAfter(PASSIVATE_AFTER / 2);
    assertThat(asked[0]).isZero();
    driver.tickAfter(1);
    assertThat(asked[0]).isEqualTo(1);
    driver.tickAfter(PASSIVATE_AFTER);
    assertThat(asked[0]).isEqualTo(1);
  }

  @Test
  void dropsASilentConsumerAfterTheHeartbeatTimeoutAndRedeliversWhatItHeld() {
    // A lease past the timeout: only the consumer's silence can explain the redelivery.
    CoreDriver driver = driver(topic().withAckLease(Duration.ofHours(1)), "g");
    publish(driver, message(driver, "held"));
    subscribe(driver, consumer, "a");
    deliveries(consumer);

    driver.tickAfter(HEARTBEAT_TIMEOUT);
    assertThat(driver.group("g").consumers()).isEqualTo(1);

    driver.tickAfter(1);
    assertThat(driver.group("g").consumers()).isZero();
    TestProbe<ConsumerMessage> other = testKit.createTestProbe();
    subscribe(driver, other, "b");
    assertThat(deliveries(other).items().get(0).attempt()).isEqualTo(2);
  }

  @Test
  void refusesAPublishOverTheBacklogLimitAsOverloaded() {
    CoreDriver driver = driver(topic().withBacklogLimit(2), "g");
    assertThat(publish(driver, message(driver, "1"), message(driver, "2")).errorCode()).isNull();

    PublishReply refused = publish(driver, message(driver, "3"));
    assertThat(refused.errorCode()).isEqualTo(ErrorCode.OVERLOADED.name());
    assertThat(refused.retryAfterMillis()).isEqualTo(RETRY_AFTER);
    assertThat(driver.state.storedCount()).isEqualTo(2);
  }

  @Test
  void reportsLoadToTheGroupBalancerOncePerInterval() {
    CoreDriver driver = driver(topic(), "g");
    subscribe(driver, consumer, "a");
    driver.tickAfter(1_000);
    var report = (ConsumerGroupBalancer.LoadReport) driver.balancer.receiveMessage();
    assertThat(report.consumers())
        .extracting(ConsumerGroupBalancer.ConsumerLoad::consumerId)
        .containsExactly("a");

    driver.tickAfter(999);
    assertThat(driver.asks).hasSize(1);
    driver.tickAfter(1);
    assertThat(driver.asks).hasSize(2);
    assertThat(driver.balancer.receiveMessage())
        .isInstanceOf(ConsumerGroupBalancer.LoadReport.class);
  }

  /** A command no partition knows. */
  private record Stranger() implements Command {}

  @Test
  void failsLoudlyOnAnUnknownCommand() {
    CoreDriver driver = driver(topic(), "g");
    assertThatThrownBy(() -> driver.send(new Stranger()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(Stranger.class.getName());
  }
}
