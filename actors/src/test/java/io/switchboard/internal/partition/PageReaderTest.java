package io.switchboard.internal.partition;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.switchboard.consumer.AckResult;
import io.switchboard.consumer.Receipt;
import io.switchboard.internal.protocol.PartitionProtocol.*;
import io.switchboard.internal.topic.TopicEntry;
import io.switchboard.message.Message;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A backlog far beyond the memory budget is delivered in order, its bodies read back from the
 * journal.
 */
class PageReaderTest {
  static final ActorTestKit testKit =
      ActorTestKit.create(ConfigFactory.parseString("pekko.actor.provider = local"));
  static final long BUDGET = PartitionSettings.MIN_MEMORY_BUDGET;
  static final PartitionSettings SETTINGS =
      new PartitionSettings(
          1_000,
          1 << 20,
          100,
          Duration.ofMillis(100),
          Duration.ofMinutes(10),
          Duration.ofSeconds(1),
          Duration.ofMinutes(10),
          Duration.ofSeconds(1),
          Duration.ZERO,
          BUDGET,
          1_000);
  static final int COUNT = 200_000;
  static final int CREDIT = 500;

  /**
   * While a consumer has credit, the bodies it holds unacked stay in memory beside the window and
   * one more read (a consumer that acks late must not stall): bounded by credit, not by backlog.
   */
  static final long HELD_BYTES = 2 * BUDGET + CREDIT * (BodyWindow.OVERHEAD_BYTES + 64);

  final TestProbe<ConsumerMessage> consumer = testKit.createTestProbe();
  final TestProbe<PublishReply> producer = testKit.createTestProbe();
  final TestProbe<AckResult> acker = testKit.createTestProbe();

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static String body(long n) {
    return "message number " + n;
  }

  private CoreDriver backlog(TopicConfig topic) {
    CoreDriver driver =
        new CoreDriver(
            testKit,
            new TopicEntry(topic, 1, Map.of("g", GroupConfig.DEFAULT)),
            SETTINGS,
            new ManualClock(1_700_000_000_000L));
    for (int first = 0; first < COUNT; first += 1_000) {
      List<Message> batch = new ArrayList<>();
      for (int n = first; n < first + 1_000; n++) {
        batch.add(Message.builder("t").text(body(n)).build());
      }
      driver.send(new Publish(batch, producer.ref()));
      assertThat(producer.receiveMessage().errorCode()).isNull();
      assertThat(driver.state.window().bytes()).isLessThanOrEqualTo(BUDGET);
    }
    return driver;
  }

  @Test
  void deliversABacklogBeyondTheBudgetInOrderWithTheBodiesInMemoryUnderIt() {
    CoreDriver driver = backlog(TopicConfig.of("t").withPartitions(1).withBacklogLimit(COUNT));
    assertThat(driver.state.storedCount()).isEqualTo(COUNT);
    assertThat(driver.state.window().count()).isLessThan(COUNT / 100);

    driver.send(new Subscribe("g", "a", CREDIT, 1.0, consumer.ref()));
    long next = 0;
    int maxHeld = 0;
    while (next < COUNT) {
      ConsumerMessage received = consumer.receiveMessage();
      if (!(received instanceof Deliveries deliveries)) {
        continue; // Joined
      }
      List<Receipt> receipts = new ArrayList<>();
      for (Delivered item : deliveries.items()) {
        assertThat(item.offset()).isEqualTo(next);
        assertThat(item.message().payloadSize()).isEqualTo(body(next).length());
        assertThat(new String(item.message().payload(), java.nio.charset.StandardCharsets.UTF_8))
            .isEqualTo(body(next));
        assertThat(item.attempt()).isEqualTo(1);
        receipts.add(deliveries.receipt(item));
        next++;
      }
      maxHeld = Math.max(maxHeld, driver.state.window().count());
      assertThat(driver.state.window().bytes()).isLessThanOrEqualTo(HELD_BYTES);
      driver.send(new Settle("g", receipts, SettleKind.ACK, 0, acker.ref()));
      assertThat(acker.receiveMessage().accepted()).hasSameSizeAs(receipts);
    }
    assertThat(driver.state.storedCount()).isZero();
    assertThat(driver.state.window().count()).isZero();
    assertThat(maxHeld)
        .isLessThanOrEqualTo(CREDIT + (int) (2 * BUDGET / BodyWindow.OVERHEAD_BYTES));
  }

  @Test
  void deliversABacklogOfBandsBeyondTheBudgetWholeChoosingByBandAmongTheBodiesInMemory() {
    int count = 20_000;
    CoreDriver driver =
        new CoreDriver(
            testKit,
            new TopicEntry(
                TopicConfig.of("t").withPartitions(1).withBacklogLimit(count),
                1,
                Map.of("g", GroupConfig.DEFAULT)),
            SETTINGS,
            new ManualClock(1_700_000_000_000L));
    for (int first = 0; first < count; first += 1_000) {
      List<Message> batch = new ArrayList<>();
      for (int n = first; n < first + 1_000; n++) { // odd offsets interactive, even ones batch
        batch.add(
            Message.builder("t")
                .text(body(n))
                .header("switchboard-priority", n % 2 == 1 ? "interactive" : "batch")
                .header("switchboard-tenant", "tenant-" + n % 3)
                .build());
      }
      driver.send(new Publish(batch, producer.ref()));
      assertThat(producer.receiveMessage().errorCode()).isNull();
    }
    assertThat(driver.state.window().count()).isLessThan(count / 10);

    driver.send(new Subscribe("g", "a", 100, 1.0, consumer.ref()));
    java.util.Set<Long> seen = new java.util.HashSet<>();
    List<Long> firstBatch = null;
    while (seen.size() < count) {
      if (!(consumer.receiveMessage() instanceof Deliveries deliveries)) {
        continue; // Joined
      }
      List<Long> offsets = deliveries.items().stream().map(Delivered::offset).toList();
      firstBatch = firstBatch == null ? offsets : firstBatch;
      offsets.forEach(offset -> assertThat(seen.add(offset)).as("offset %d once", offset).isTrue());
      assertThat(driver.state.window().bytes()).isLessThanOrEqualTo(HELD_BYTES);
      driver.send(
          new Settle(
              "g",
              deliveries.items().stream().map(deliveries::receipt).toList(),
              SettleKind.ACK,
              0,
              acker.ref()));
      acker.receiveMessage();
    }
    // The window holds ~190 of these bodies: its interactive ones go first, then (credit 100
    // left) its batch ones, before the interactive ones still in the journal are read back.
    int firstBatchBand =
        firstBatch.indexOf(firstBatch.stream().filter(o -> o % 2 == 0).findFirst().orElse(-1L));
    assertThat(firstBatch.subList(0, firstBatchBand))
        .as("interactive first")
        .allMatch(offset -> offset % 2 == 1)
        .hasSizeGreaterThan(50);
    assertThat(firstBatch.subList(firstBatchBand, firstBatch.size()))
        .allMatch(offset -> offset % 2 == 0);
    assertThat(driver.state.storedCount()).isZero();
  }

  @Test
  void browsesMessagesWhoseBodiesAreOnlyInTheJournal() {
    CoreDriver driver =
        backlog(
            TopicConfig.of("t")
                .withPartitions(1)
                .withBacklogLimit(COUNT)
                .withRetention(Duration.ofHours(1)));
    TestProbe<Browsed> browser = testKit.createTestProbe();
    driver.send(new Subscribe("g", "a", 500, 1.0, consumer.ref()));
    // Settle the first 5,000: retained, their bodies leave memory.
    int settled = 0;
    while (settled < 5_000) {
      if (consumer.receiveMessage() instanceof Deliveries deliveries) {
        List<Receipt> receipts = deliveries.items().stream().map(deliveries::receipt).toList();
        driver.send(new Settle("g", receipts, SettleKind.ACK, 0, acker.ref()));
        acker.receiveMessage();
        settled += receipts.size();
      }
    }
    assertThat(driver.state.message(0)).isNull();

    driver.send(new Browse(3, browser.ref()));
    Browsed browsed = browser.receiveMessage();
    assertThat(browsed.offsets()).containsExactly(0L, 1L, 2L);
    assertThat(browsed.messages())
        .extracting(m -> new String(m.payload(), java.nio.charset.StandardCharsets.UTF_8))
        .containsExactly(body(0), body(1), body(2));
  }
}
