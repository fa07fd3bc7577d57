package io.switchboard.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.switchboard.internal.protocol.PartitionProtocol.Browse;
import io.switchboard.internal.protocol.PartitionProtocol.Browsed;
import io.switchboard.internal.protocol.PartitionProtocol.ConsumerMessage;
import io.switchboard.internal.protocol.PartitionProtocol.Subscribe;
import io.switchboard.topic.TopicStats;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The partition's protocol crosses nodes: it must come back from its serializer unchanged. */
class PartitionProtocolTest {
  static final ActorTestKit testKit =
      ActorTestKit.create(ConfigFactory.parseString("pekko.actor.provider = local"));

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void aSubscribeKeepsItsTokenBudgetBetweenNodes() throws Exception {
    ActorRef<ConsumerMessage> consumer = testKit.<ConsumerMessage>createTestProbe().ref();
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
    Subscribe subscribe = new Subscribe("g", "gpu-1", 8, 2.0, 32_000, consumer);

    Subscribe back =
        serialization.deserialize(serialization.serialize(subscribe).get(), Subscribe.class).get();

    assertThat(back).isEqualTo(subscribe);
    assertThat(new Subscribe("g", "c", 8, 1.0, consumer).tokenBudget()).isZero();
  }

  @Test
  void aBrowseOfAGroupAndThePartitionsNumbersComeBackUnchanged() throws Exception {
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
    ActorRef<Browsed> replyTo = testKit.<Browsed>createTestProbe().ref();
    for (Browse browse : List.of(new Browse("g", 20, replyTo), new Browse(5, replyTo))) {
      assertThat(
              serialization.deserialize(serialization.serialize(browse).get(), Browse.class).get())
          .isEqualTo(browse);
    }
    TopicStats.ConsumerStats consumer = new TopicStats.ConsumerStats("g", "c-1", 32, 3, 0, 0, 41.5);
    TopicStats.PartitionStats stats =
        new TopicStats.PartitionStats(
            1,
            10,
            4,
            List.of(new TopicStats.GroupStats("g", 1, 3, 1, 9, 6, 0, 0)),
            "pekko://switchboard@127.0.0.1:25520",
            7,
            12,
            List.of(consumer));

    TopicStats.PartitionStats back =
        serialization
            .deserialize(serialization.serialize(stats).get(), TopicStats.PartitionStats.class)
            .get();

    assertThat(back).isEqualTo(stats);
  }
}
