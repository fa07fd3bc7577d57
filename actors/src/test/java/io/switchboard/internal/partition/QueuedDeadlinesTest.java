package io.switchboard.internal.partition;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.switchboard.internal.deadletter.DeadLetter;
import io.switchboard.internal.protocol.PartitionProtocol.*;
import io.switchboard.internal.topic.TopicEntry;
import io.switchboard.message.Message;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Requests still queued at their deadline leave the partition for the dead letters, on the
 * partition's clock.
 */
class QueuedDeadlinesTest {
  private static final long START = PartitionCoreTest.START;
  private static final long DEADLINE = START + 500;

  private static final ActorTestKit testKit =
      ActorTestKit.create(ConfigFactory.parseString("pekko.actor.provider = local"));

  private final TestProbe<PublishReply> producer = testKit.createTestProbe();

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static CoreDriver driver(String topic) {
    TopicConfig config =
        TopicConfig.of(topic).withPartitions(1).withAckLease(Duration.ofSeconds(30));
    return new CoreDriver(
        testKit,
        new TopicEntry(config, 1, Map.of("g", GroupConfig.DEFAULT)),
        PartitionCoreTest.SETTINGS,
        new ManualClock(START));
  }

  private void publish(CoreDriver driver, String topic, String deadlineHeader) {
    Message request =
        Message.builder(topic)
            .text("q")
            .createdAt(Instant.ofEpochMilli(START))
            .header(QueuedDeadlines.HEADER, deadlineHeader)
            .build();
    driver.send(new Publish(List.of(request), producer.ref()));
    assertThat(producer.receiveMessage().errorCode()).isNull();
  }

  private static boolean deadLettersAsked(CoreDriver driver) {
    return driver.asks.stream().anyMatch(asked -> asked.request() instanceof Publish);
  }

  @Test
  void deadLettersARequestStillQueuedAtItsDeadlineWithNoConsumer() {
    CoreDriver driver = driver("t");
    publish(driver, "t", Long.toString(DEADLINE));

    driver.tickAfter(499);
    assertThat(deadLettersAsked(driver)).isFalse();

    driver.tickAfter(1);
    Publish letters = (Publish) driver.deadLetters.receiveMessage();
    assertThat(letters.messages())
        .singleElement()
        .satisfies(
            letter ->
                assertThat(letter.headers())
                    .containsEntry(
                        DeadLetter.REASON, "DEADLINE_EXCEEDED: still queued at its deadline")
                    .containsEntry(DeadLetter.GROUP, "g"));
    driver.tickAfter(100);
    assertThat(driver.asks.stream().filter(asked -> asked.request() instanceof Publish)).hasSize(1);

    driver.answer(Publish.class, PublishReply.ok(List.of()));
    assertThat(driver.group("g").stats().deadLettered()).isEqualTo(1);
    assertThat(driver.state.groups().get("g").pending()).isEmpty();
    TestProbe<ConsumerMessage> late = testKit.createTestProbe();
    driver.send(new Subscribe("g", "late", 10, 1.0, late.ref()));
    assertThat(driver.group("g").inFlightCount()).isZero(); // nothing left to give a worker
  }

  @Test
  void leavesARequestInFlightAtItsDeadlineToItsWorker() {
    CoreDriver driver = driver("t");
    publish(driver, "t", Long.toString(DEADLINE));
    TestProbe<ConsumerMessage> worker = testKit.createTestProbe();
    driver.send(new Subscribe("g", "w", 10, 1.0, worker.ref()));
    assertThat(driver.group("g").inFlightCount()).isEqualTo(1);

    driver.tickAfter(1_000);
    assertThat(deadLettersAsked(driver)).isFalse(); // the reply stream tells the worker to stop
    assertThat(driver.group("g").inFlightCount()).isEqualTo(1);
  }

  @Test
  void putsTheRequestBackWhenTheDeadLetterCouldNotBeStoredAndTriesAgain() {
    CoreDriver driver = driver("t");
    publish(driver, "t", Long.toString(DEADLINE));
    driver.tickAfter(500);
    driver.answer(
        Publish.class, new PublishReply(null, "UNAVAILABLE", "the dead-letter topic is down", 0));
    assertThat(driver.state.groups().get("g").pending()).containsExactly(0L);

    driver.tickAfter(100);
    assertThat(deadLettersAsked(driver)).isTrue();
    driver.answer(Publish.class, PublishReply.ok(List.of()));
    assertThat(driver.state.groups().get("g").pending()).isEmpty();
  }

  @Test
  void ignoresAMessageWithoutAReadableDeadline() {
    CoreDriver driver = driver("t");
    publish(driver, "t", "soon");
    driver.tickAfter(10_000);
    assertThat(deadLettersAsked(driver)).isFalse();
    assertThat(driver.state.groups().get("g").pending()).containsExactly(0L);
  }
}
