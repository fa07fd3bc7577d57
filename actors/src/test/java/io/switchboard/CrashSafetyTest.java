package io.switchboard;

import static io.switchboard.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.ConfigFactory;
import io.switchboard.consumer.ConsumerControl;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.message.Message;
import io.switchboard.producer.Confirm;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Confirmed durable messages survive an abrupt stop of the node. */
class CrashSafetyTest {
  private static final int MESSAGES = 3000;

  @TempDir Path dataDir;

  @Test
  void everyConfirmedMessageArrivesAfterAnAbruptStop() {
    // No coordinated shutdown on terminate: no shard handoff, no graceful leave.
    var abrupt =
        ConfigFactory.parseString("pekko.coordinated-shutdown.run-by-actor-system-terminate = off");
    Set<String> confirmed = ConcurrentHashMap.newKeySet();
    Set<String> consumedBeforeCrash = ConcurrentHashMap.newKeySet();

    TestNode first = new TestNode(dataDir, abrupt);
    Switchboard sb = first.switchboard();
    result(sb.createTopic(TopicConfig.of("durable").withPartitions(4)));
    result(sb.createGroup("durable", "g", GroupConfig.DEFAULT));
    // Some messages are in consumers' hands, unacknowledged, when the node goes.
    ConsumerControl inFlight =
        sb.source("durable", "g", ConsumerSettings.defaults().withCredit(8))
            .to(Sink.foreach(d -> consumedBeforeCrash.add(d.message().id())))
            .run(first.system());
    List<Confirm> confirms =
        result(
            Source.range(1, MESSAGES)
                .map(
                    i ->
                        Message.builder("durable")
                            .key("k" + (i % 50))
                            .payload(new byte[1024])
                            .build())
                .via(sb.publisher(8))
                .runWith(Sink.seq(), first.system()));
    confirms.forEach(c -> confirmed.add(c.messageId()));
    assertThat(confirmed).hasSize(MESSAGES);
    await().atMost(Duration.ofSeconds(10)).until(() -> !consumedBeforeCrash.isEmpty());
    first.crash();

    try (TestNode second = new TestNode(dataDir, abrupt)) {
      Map<String, Integer> received = new ConcurrentHashMap<>();
      ConsumerControl control =
          second
              .switchboard()
              .source("durable", "g", ConsumerSettings.defaults().withCredit(64))
              .to(
                  Sink.foreach(
                      d -> {
                        received.merge(d.message().id(), 1, Integer::sum);
                        d.ack();
                      }))
              .run(second.system());
      await().atMost(Duration.ofSeconds(60)).until(() -> received.keySet().containsAll(confirmed));
      result(control.stop());

      int duplicates = received.values().stream().mapToInt(n -> n - 1).sum();
      System.out.printf(
          "crash safety: %d confirmed, %d received after restart, %d duplicates,"
              + " %d were unacknowledged in flight at the crash%n",
          confirmed.size(), received.size(), duplicates, consumedBeforeCrash.size());
      assertThat(received.keySet()).containsAll(confirmed);
      Set<String> unexpected = new HashSet<>(received.keySet());
      unexpected.removeAll(confirmed);
      assertThat(unexpected).isEmpty();
      assertThat(result(second.switchboard().stats("durable")).published()).isEqualTo(MESSAGES);
    }
  }
}
