package io.switchboard.internal.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.ConfigFactory;
import io.switchboard.Switchboard;
import io.switchboard.TestNode;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.message.Message;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import io.switchboard.topic.TopicStats;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How many journal writes a message costs on a real node over the embedded journal. */
class AckWriteTest {
  static final int MESSAGES = 40;

  @TempDir Path dataDir;

  @Test
  void aStreamConsumersAckRidesOnTheNextPublishInsteadOfAWriteOfItsOwn() {
    try (TestNode node =
        new TestNode(
            dataDir,
            ConfigFactory.parseString(
                """
        pekko.persistence.journal.plugin = switchboard-rocksdb-journal
        pekko.persistence.snapshot-store.plugin = switchboard-rocksdb-snapshot-store
        switchboard.partition.ack-write-delay = 1s
        """))) {
      Switchboard sb = node.switchboard();
      result(sb.createTopic(TopicConfig.of("paced").withPartitions(1)));
      result(sb.createGroup("paced", "g", GroupConfig.DEFAULT));
      sb.source("paced", "g", ConsumerSettings.defaults())
          .to(Sink.foreach(delivery -> delivery.ack()))
          .run(node.system());
      publishAndAwaitAck(sb, 1); // the partition starts and writes its epoch

      JournalStore store = RocksStorage.get(Adapter.toClassic(node.system())).store();
      WriteStats before = store.stats();
      for (int i = 2; i <= MESSAGES + 1; i++) {
        publishAndAwaitAck(sb, i);
      }
      WriteStats written = store.stats().minus(before);

      // One write per publish, each carrying the ack of the message before; each ack writing
      // alone made it two. The node's other entities (registry, balancers), delivery marks and
      // snapshots add a few of their own.
      assertThat(written.writes()).isBetween((long) MESSAGES, MESSAGES * 3L / 2);
    }
  }

  /** Publishes one message and waits until the partition has taken its ack (in memory). */
  private static void publishAndAwaitAck(Switchboard sb, long acked) {
    result(sb.publish(Message.builder("paced").text("m" + acked).build()));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> group(result(sb.stats("paced"))).acked() == acked);
  }

  private static <T> T result(CompletionStage<T> stage) {
    return stage.toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
  }

  private static TopicStats.GroupStats group(TopicStats stats) {
    return stats.groups().get(0);
  }
}
