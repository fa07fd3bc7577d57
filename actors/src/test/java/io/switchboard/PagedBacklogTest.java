package io.switchboard;

import static io.switchboard.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.consumer.ConsumerControl;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.consumer.Delivery;
import io.switchboard.internal.journal.StoredEvents;
import io.switchboard.message.Message;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A durable partition whose backlog is far beyond its memory budget, on the real RocksDB journal:
 * after a restart every message comes back byte for byte from the journal, and the journal lets go
 * of the events once their messages are acknowledged, not before.
 */
class PagedBacklogTest {
  static final int COUNT = 3_000;
  static final int SIZE = 1_024;

  @TempDir Path dataDir;

  private static final Config CONFIG =
      ConfigFactory.parseString(
          """
      switchboard.partition.memory-budget = 64 KiB
      switchboard.partition.snapshot-every = 20
      switchboard.partition.index-interval = 10
      pekko.coordinated-shutdown.run-by-actor-system-terminate = off
      """);

  private long eventBytes() {
    return StoredEvents.bytes(dataDir.resolve("journal-rocksdb"), "switchboard-partition|paged~");
  }

  @Test
  void redeliversEveryMessageOfABacklogBeyondTheBudgetAfterARestartAndThenDeletesItsEvents() {
    List<Message> sent = new ArrayList<>();
    Random random = new Random(3);
    for (int i = 0; i < COUNT; i++) {
      byte[] payload = new byte[SIZE];
      random.nextBytes(payload);
      sent.add(Message.builder("paged").payload(payload).build());
    }
    try (TestNode first = new TestNode(dataDir, CONFIG)) {
      Switchboard sb = first.switchboard();
      result(sb.createTopic(TopicConfig.of("paged").withPartitions(1)));
      result(sb.createGroup("paged", "g", GroupConfig.DEFAULT));
      result(Source.from(sent).via(sb.publisher(8)).runWith(Sink.ignore(), first.system()));
      assertThat(result(sb.stats("paged")).stored()).isEqualTo(COUNT);
    }
    // Snapshots were taken (one per 20 events), yet no event that carries an unacked message went
    // (the redelivery below shows it too).
    assertThat(eventBytes()).isGreaterThan((long) COUNT * SIZE);

    try (TestNode second = new TestNode(dataDir, CONFIG)) {
      List<Delivery> received = new CopyOnWriteArrayList<>();
      ConsumerControl control =
          second
              .switchboard()
              .source("paged", "g", ConsumerSettings.defaults().withCredit(100))
              .to(
                  Sink.foreach(
                      delivery -> {
                        received.add(delivery);
                        delivery.ack();
                      }))
              .run(second.system());
      await().atMost(Duration.ofSeconds(60)).until(() -> received.size() >= COUNT);
      assertThat(received).hasSize(COUNT);
      Map<String, byte[]> sentPayloads = new HashMap<>();
      sent.forEach(message -> sentPayloads.put(message.id(), message.payload()));
      for (int i = 0; i < COUNT; i++) {
        Delivery delivery = received.get(i);
        assertThat(delivery.receipt().offset()).isEqualTo(i); // in order, none skipped
        assertThat(delivery.message().payload())
            .isEqualTo(sentPayloads.remove(delivery.message().id()));
      }
      assertThat(sentPayloads).isEmpty();
      // More writes, acked too, so that snapshots follow the last acks and delete what they allow.
      for (int i = 0; i < 60; i++) {
        result(second.switchboard().publish(Message.builder("paged").text("after " + i).build()));
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> result(second.switchboard().stats("paged")).stored() == 0);
      // The events of the acked backlog are deleted; those since the snapshot before the last stay.
      await().atMost(Duration.ofSeconds(30)).until(() -> eventBytes() < COUNT * SIZE / 10);
      result(control.stop());
    }
  }
}
