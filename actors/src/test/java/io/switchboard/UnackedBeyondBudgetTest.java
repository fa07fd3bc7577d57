package io.switchboard;

import static io.switchboard.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.consumer.ConsumerControl;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.consumer.Delivery;
import io.switchboard.message.Message;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A consumer with credit for the whole backlog that acks nothing yet (it acks once it has them
 * all), on a durable partition whose backlog is far beyond its memory budget, on the real RocksDB
 * journal: the deliveries it holds unacked fill the window, and every confirmed message must still
 * reach it. Before the fix the partition read the journal on only once acks emptied half the
 * window, so the consumer got one window's worth and waited forever.
 */
class UnackedBeyondBudgetTest {
  static final int COUNT = 400;
  static final int SIZE = 1_024;

  @TempDir Path dataDir;

  private static final Config CONFIG =
      ConfigFactory.parseString(
          """
      switchboard.partition.memory-budget = 64 KiB
      switchboard.partition.index-interval = 10
      pekko.coordinated-shutdown.run-by-actor-system-terminate = off
      """);

  @Test
  void deliversEveryConfirmedMessageToAConsumerThatHoldsMoreUnackedThanTheBudget() {
    List<Message> sent = new ArrayList<>();
    for (int i = 0; i < COUNT; i++) {
      sent.add(Message.builder("unacked").payload(new byte[SIZE]).build());
    }
    try (TestNode node = new TestNode(dataDir, CONFIG)) {
      Switchboard sb = node.switchboard();
      result(sb.createTopic(TopicConfig.of("unacked").withPartitions(1)));
      result(sb.createGroup("unacked", "g", GroupConfig.DEFAULT));
      result(Source.from(sent).via(sb.publisher(8)).runWith(Sink.ignore(), node.system()));
      assertThat(result(sb.stats("unacked")).stored()).isEqualTo(COUNT);

      Set<String> received = ConcurrentHashMap.newKeySet();
      List<Delivery> held = new ArrayList<>();
      ConsumerControl control =
          sb.source("unacked", "g", ConsumerSettings.defaults().withCredit(COUNT))
              .to(
                  Sink.foreach(
                      delivery -> {
                        received.add(delivery.message().id());
                        synchronized (held) {
                          held.add(delivery);
                        }
                      }))
              .run(node.system());
      await().atMost(Duration.ofSeconds(30)).until(() -> received.size() >= COUNT);
      assertThat(received)
          .containsExactlyInAnyOrderElementsOf(sent.stream().map(Message::id).toList());
      synchronized (held) {
        held.forEach(Delivery::ack);
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> result(sb.stats("unacked")).stored() == 0);
      result(control.stop());
    }
  }
}
