package io.switchboard;

import static io.switchboard.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.ConfigFactory;
import io.switchboard.consumer.ConsumerControl;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.consumer.Delivery;
import io.switchboard.internal.journal.StoredEvents;
import io.switchboard.message.Message;
import io.switchboard.producer.Confirm;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshots bound the journal, and a partition recovers from one with nothing lost. */
class SnapshotRecoveryTest {
  @TempDir Path dataDir;

  @Test
  void recoversFromSnapshotsWithTheJournalKeptShort() {
    var config =
        ConfigFactory.parseString(
            """
        switchboard.partition.snapshot-every = 5
        # events are deleted in steps of the journal index: one entry per message here
        switchboard.partition.index-interval = 1
        pekko.coordinated-shutdown.run-by-actor-system-terminate = off
        """);
    Set<String> unacked = new HashSet<>();
    try (TestNode first = new TestNode(dataDir, config)) {
      Switchboard sb = first.switchboard();
      result(sb.createTopic(TopicConfig.of("snap").withPartitions(1)));
      result(sb.createGroup("snap", "g", GroupConfig.DEFAULT));
      for (int i = 0; i < 60; i++) { // one write each: a dozen snapshots
        result(sb.publish(Message.builder("snap").key("k" + i).text("m" + i).build()));
      }
      List<Delivery> pulled = new ArrayList<>();
      while (pulled.size() < 60) {
        pulled.addAll(result(sb.pull("snap", "g", 60 - pulled.size(), Duration.ofSeconds(5))));
      }
      for (Delivery delivery : pulled.subList(0, 40)) {
        result(sb.ack("snap", "g", List.of(delivery.receipt())));
      }
      pulled.subList(40, 60).forEach(d -> unacked.add(d.message().id()));
      first.crash();
    }

    // The events of the 40 acked messages are gone (in steps of snapshots); from the oldest
    // unacked message on, every event stays: the journal is where the bodies are.
    assertThat(
            StoredEvents.manifests(
                dataDir.resolve("journal-rocksdb"), "switchboard-partition|snap~"))
        .filteredOn(manifest -> manifest.equals("E1"))
        .hasSizeLessThan(30); // EnqueuedSerializer's

    try (TestNode second = new TestNode(dataDir, config)) {
      Set<String> received = ConcurrentHashMap.newKeySet();
      ConsumerControl control =
          second
              .switchboard()
              .source("snap", "g", ConsumerSettings.defaults())
              .to(
                  Sink.foreach(
                      d -> {
                        received.add(d.message().id());
                        d.ack();
                      }))
              .run(second.system());
      await().atMost(Duration.ofSeconds(20)).until(() -> received.containsAll(unacked));
      result(control.stop());
      assertThat(received).isEqualTo(unacked);
    }
  }

  @Test
  void snapshotsOfManyIdempotencyKeysGrowApartAndTheKeysSurviveARestart() {
    var config =
        ConfigFactory.parseString(
            """
        switchboard.partition.snapshot-every = 5
        switchboard.partition.snapshot-size-ratio = 1
        pekko.coordinated-shutdown.run-by-actor-system-terminate = off
        """);
    int writes = 50;
    int perWrite = 4;
    List<Confirm> firsts = new ArrayList<>();
    try (TestNode first = new TestNode(dataDir, config)) {
      Switchboard sb = first.switchboard();
      result(sb.createTopic(TopicConfig.of("keyed").withPartitions(1)));
      result(sb.createGroup("keyed", "g", GroupConfig.DEFAULT));
      for (int w = 0; w < writes; w++) { // one write and four more remembered keys each
        firsts.addAll(result(sb.publishAll(keyed(w * perWrite, perWrite))));
      }
      first.crash();
    }

    // Every 5 events would keep the last two snapshots 5 apart at the end of the journal. Each
    // snapshot here waits until as many records as the last one's keys were written: they grow
    // apart (about 12, 32, 64, 128 keys: 5, 5, 8, 16 writes).
    String partition = "switchboard-partition|keyed~";
    List<Long> snapshots = StoredEvents.snapshots(dataDir.resolve("journal-rocksdb"), partition);
    long lastEvent =
        StoredEvents.sequenceNrs(dataDir.resolve("journal-rocksdb"), partition).stream()
            .mapToLong(Long::longValue)
            .max()
            .orElseThrow();
    assertThat(snapshots).as("the two kept, older ones deleted").hasSize(2);
    assertThat(snapshots.get(1) - snapshots.get(0)).isGreaterThanOrEqualTo(15);
    assertThat(lastEvent - snapshots.get(1)).isGreaterThanOrEqualTo(5);

    // Keys from before the last snapshot (in it) and after it (replayed) still deduplicate.
    try (TestNode second = new TestNode(dataDir, config)) {
      Switchboard sb = second.switchboard();
      for (int w = 0; w < writes; w++) {
        List<Confirm> again = result(sb.publishAll(keyed(w * perWrite, perWrite)));
        for (int i = 0; i < perWrite; i++) {
          Confirm original = firsts.get(w * perWrite + i);
          assertThat(again.get(i).duplicate()).as("key %d", w * perWrite + i).isTrue();
          assertThat(again.get(i).offset()).isEqualTo(original.offset());
        }
      }
      assertThat(result(sb.stats("keyed")).published()).isEqualTo(writes * perWrite);
    }
  }

  @Test
  void aPartitionThatSnapshotsOncePerStartStillDeletesSettledEvents() {
    var config =
        ConfigFactory.parseString(
            """
        switchboard.partition.snapshot-every = 5
        switchboard.partition.index-interval = 1
        pekko.coordinated-shutdown.run-by-actor-system-terminate = off
        """);
    Path journal = dataDir.resolve("journal-rocksdb");
    String partition = "switchboard-partition|once~";
    long newest = 0;
    for (int start = 0; start < 3; start++) {
      try (TestNode node = new TestNode(dataDir, config)) {
        Switchboard sb = node.switchboard();
        if (start == 0) {
          result(sb.createTopic(TopicConfig.of("once").withPartitions(1)));
          result(sb.createGroup("once", "g", GroupConfig.DEFAULT));
        }
        for (int i = 0; i < 5; i++) { // five writes: one snapshot in this start, not two
          result(sb.publish(Message.builder("once").text("m" + i).build()));
        }
        List<Delivery> pulled = new ArrayList<>();
        while (pulled.size() < 5) {
          pulled.addAll(result(sb.pull("once", "g", 5 - pulled.size(), Duration.ofSeconds(5))));
        }
        result(sb.ack("once", "g", pulled.stream().map(Delivery::receipt).toList()));
        long before = newest;
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    StoredEvents.snapshots(journal, partition).stream().anyMatch(s -> s > before));
        newest =
            StoredEvents.snapshots(journal, partition).stream().mapToLong(s -> s).max().orElse(0);
        if (start == 2) {
          // Each start's snapshot knows the one before, also the one it recovered from: two are
          // kept, and every event the older one covers goes (all its messages were settled).
          await()
              .atMost(Duration.ofSeconds(20))
              .untilAsserted(
                  () -> {
                    List<Long> kept = StoredEvents.snapshots(journal, partition);
                    assertThat(kept).hasSize(2);
                    assertThat(StoredEvents.sequenceNrs(journal, partition).get(0))
                        .isGreaterThan(kept.get(0));
                  });
        }
      }
    }
  }

  private static List<Message> keyed(int from, int count) {
    List<Message> messages = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      messages.add(Message.builder("keyed").idempotencyKey("key-" + i).text("m" + i).build());
    }
    return messages;
  }
}
