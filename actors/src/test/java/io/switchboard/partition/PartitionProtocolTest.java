package io.switchboard.partition;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.switchboard.partition.PartitionProtocol.ConsumerMessage;
import io.switchboard.partition.PartitionProtocol.Subscribe;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The partition's protocol crosses nodes: it must come back from its serializer unchanged. */
class PartitionProtocolTest {
  static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString("pekko.actor.provider = local"));

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void aSubscribeKeepsItsTokenBudgetBetweenNodes() throws Exception {
    ActorRef<ConsumerMessage> consumer = testKit.<ConsumerMessage>createTestProbe().ref();
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
    Subscribe subscribe = new Subscribe("g", "gpu-1", 8, 2.0, 32_000, consumer);

    Subscribe back = serialization.deserialize(serialization.serialize(subscribe).get(), Subscribe.class).get();

    assertThat(back).isEqualTo(subscribe);
    assertThat(new Subscribe("g", "c", 8, 1.0, consumer).tokenBudget()).isZero();
  }
}
