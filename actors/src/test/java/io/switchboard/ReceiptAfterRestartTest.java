package io.switchboard;

import static io.switchboard.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.consumer.Delivery;
import io.switchboard.consumer.Receipt;
import io.switchboard.internal.journal.StoredEvents;
import io.switchboard.message.Message;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a crash a partition starts a new epoch: receipts from before settle nothing, and what had
 * been delivered comes back as a redelivery (attempt 2), not as a first attempt.
 */
class ReceiptAfterRestartTest {
  private static final Config CRASH =
      ConfigFactory.parseString("pekko.coordinated-shutdown.run-by-actor-system-terminate = off");

  @TempDir Path dataDir;

  @Test
  void aRedeliveryAfterACrashHasANewReceiptAndCountsTheEarlierAttempt() {
    Receipt before;
    try (TestNode first = new TestNode(dataDir, CRASH)) {
      Switchboard sb = first.switchboard();
      result(sb.createTopic(TopicConfig.of("restart").withPartitions(1)));
      result(sb.createGroup("restart", "g", GroupConfig.DEFAULT));
      result(sb.publish(Message.builder("restart").text("once").build()));
      Delivery delivery = pullOne(sb);
      assertThat(delivery.attempt()).isEqualTo(1);
      before = delivery.receipt();
      // The delivery mark rides on the next write, at most a second later.
      await().atMost(Duration.ofSeconds(10)).until(() -> marks() > 0);
      first.crash();
    }
    try (TestNode second = new TestNode(dataDir, CRASH)) {
      Switchboard sb = second.switchboard();
      Delivery again = pullOne(sb);
      assertThat(again.attempt()).isEqualTo(2);
      assertThat(again.receipt()).isNotEqualTo(before);
      assertThat(again.receipt().encode()).isNotEqualTo(before.encode());
      assertThat(result(sb.ack("restart", "g", List.of(before))).rejected())
          .containsExactly(before);
      assertThat(result(sb.ack("restart", "g", List.of(again.receipt()))).accepted())
          .containsExactly(again.receipt());
    }
  }

  private static Delivery pullOne(Switchboard sb) {
    List<Delivery> got = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              got.addAll(result(sb.pull("restart", "g", 1, Duration.ofMillis(500))));
              return !got.isEmpty();
            });
    return got.get(0);
  }

  private long marks() {
    return StoredEvents.manifests(
            dataDir.resolve("journal-rocksdb"), "switchboard-partition|restart~")
        .stream()
        .filter(manifest -> manifest.equals("D1"))
        .count(); // ProgressSerializer's DeliveredThrough
  }
}
