package io.switchboard;

import static io.switchboard.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.ConfigFactory;
import io.switchboard.consumer.ConsumerControl;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.consumer.Delivery;
import io.switchboard.message.Message;
import io.switchboard.producer.Confirm;
import io.switchboard.routing.Route;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Artery nodes sharing one journal: topics made on one node are served by the other, and every
 * message crosses the wire in CBOR. The journal is the H2 file both open: an embedded RocksDB
 * belongs to one node.
 */
class TwoNodeClusterTest {
  @TempDir static Path dataDir;
  static TestNode first;
  static TestNode second;

  @BeforeAll
  static void start() {
    var config =
        ConfigFactory.parseString(
            """
        pekko.cluster.min-nr-of-members = 1
        pekko.persistence.journal.plugin = jdbc-journal
        pekko.persistence.snapshot-store.plugin = jdbc-snapshot-store
        """);
    first = new TestNode(dataDir, config);
    second = new TestNode(dataDir, config, first.address());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                Cluster.get(first.system()).state().getMembers().spliterator().estimateSize() == 2
                    && allUp());
  }

  private static boolean allUp() {
    for (var member : Cluster.get(first.system()).state().getMembers()) {
      if (member.status() != MemberStatus.up()) {
        return false;
      }
    }
    return true;
  }

  @AfterAll
  static void stop() {
    second.close();
    first.close();
  }

  @Test
  void servesTopicsFromEitherNode() {
    result(first.switchboard().createTopic(TopicConfig.of("spread").withPartitions(8)));
    result(second.switchboard().createGroup("spread", "g", GroupConfig.DEFAULT));
    result(second.switchboard().addRoute(new Route("spread.#", "spread")));
    List<Message> messages = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      messages.add(
          Message.builder("spread")
              .key("k" + i)
              .type("spread.item")
              .header("n", "" + i)
              .text("m" + i)
              .build());
    }
    List<Confirm> confirms =
        new ArrayList<>(result(second.switchboard().publishAll(messages.subList(0, 200))));
    confirms.addAll(result(first.switchboard().publishAll(messages.subList(200, 399))));
    confirms.addAll(result(first.switchboard().route(messages.get(399))));
    assertThat(confirms).hasSize(400);

    Map<String, Integer> seen = new ConcurrentHashMap<>();
    List<ConsumerControl> controls = new ArrayList<>();
    for (TestNode node : List.of(first, second)) {
      controls.add(
          node.switchboard()
              .source("spread", "g", ConsumerSettings.defaults().withCredit(16))
              .map(
                  d -> {
                    seen.merge(d.message().id(), 1, Integer::sum);
                    d.ack();
                    return d;
                  })
              .toMat(Sink.ignore(), Keep.left())
              .run(node.system()));
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == 400);
    controls.forEach(c -> result(c.stop()));
    assertThat(seen.keySet())
        .containsExactlyInAnyOrderElementsOf(messages.stream().map(Message::id).toList());
    assertThat(result(first.switchboard().stats("spread")).published()).isEqualTo(400);
  }

  @Test
  void aRefusalFromTheRegistryOnTheOtherNodeArrivesTyped() {
    // the registry is a singleton on the oldest node (first): second's asks cross the wire
    result(second.switchboard().createTopic(TopicConfig.of("twice").withPartitions(1)));

    SwitchboardException refusal =
        Await.failure(second.switchboard().createTopic(TopicConfig.of("twice")));

    assertThat(refusal.code()).isEqualTo(ErrorCode.TOPIC_EXISTS);
    assertThat(refusal.getMessage()).isEqualTo("topic 'twice' already exists");
  }

  @Test
  void pullsOnOneNodeAndAcksOnTheOther() {
    result(second.switchboard().createTopic(TopicConfig.of("crossed").withPartitions(4)));
    result(first.switchboard().createGroup("crossed", "g", GroupConfig.DEFAULT));
    result(
        first
            .switchboard()
            .publishAll(
                List.of(
                    Message.builder("crossed").text("a").build(),
                    Message.builder("crossed").text("b").build())));
    List<Delivery> pulled = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              pulled.addAll(
                  result(first.switchboard().pull("crossed", "g", 10, Duration.ofMillis(500))));
              return pulled.size() >= 2;
            });
    var acked =
        result(
            second
                .switchboard()
                .ack("crossed", "g", pulled.stream().map(Delivery::receipt).toList()));
    assertThat(acked.accepted()).hasSize(2);
    assertThat(acked.rejected()).isEmpty();
  }
}
