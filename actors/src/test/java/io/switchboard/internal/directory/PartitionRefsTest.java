package io.switchboard.internal.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.switchboard.internal.partition.DurablePartition;
import io.switchboard.internal.topic.TopicEntry;
import io.switchboard.topic.TopicConfig;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PartitionRefsTest {
  private static ActorTestKit kit;

  @BeforeAll
  static void start() {
    kit =
        ActorTestKit.create(
            ConfigFactory.parseString(
                    """
            pekko.actor.provider = cluster
            pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
            """)
                .withFallback(ConfigFactory.load()));
    // Addresses only: nothing is sent, so the entities need no behaviour.
    ClusterSharding.get(kit.system())
        .init(Entity.of(DurablePartition.ENTITY_TYPE_KEY, entity -> Behaviors.empty()));
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private static TopicEntry topic(String name, long incarnation) {
    return new TopicEntry(TopicConfig.of(name).withPartitions(4), incarnation, Map.of());
  }

  private static String entityId(Object ref) {
    return ((EntityRef<?>) ref).getEntityId();
  }

  @Test
  void givesTheSameAddressForEveryMessageToAPartition() {
    PartitionRefs refs = new PartitionRefs(kit.system());
    TopicEntry orders = topic("orders", 3);

    // Made once per topic incarnation: each entity reference costs an id string and its encoding.
    assertThat(refs.get(orders, 2)).isSameAs(refs.get(orders, 2));
    assertThat(entityId(refs.get(orders, 2))).isEqualTo("orders~3~2");
  }

  @Test
  void addressesTheNewIncarnationOfATopicCreatedAgain() {
    PartitionRefs refs = new PartitionRefs(kit.system());
    refs.get(topic("orders", 3), 1);

    assertThat(entityId(refs.get(topic("orders", 4), 1))).isEqualTo("orders~4~1");
  }

  @Test
  void forgetsTopicsTheCatalogNoLongerHas() {
    PartitionRefs refs = new PartitionRefs(kit.system());
    TopicEntry orders = topic("orders", 3);
    Object before = refs.get(orders, 0);

    refs.retain(Set.of("other"));

    assertThat(refs.get(orders, 0)).isNotSameAs(before);
    assertThat(entityId(refs.get(orders, 0))).isEqualTo("orders~3~0");
  }
}
