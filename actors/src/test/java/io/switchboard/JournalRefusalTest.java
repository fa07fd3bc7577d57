package io.switchboard;

import static io.switchboard.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.consumer.Delivery;
import io.switchboard.internal.partition.DurablePartition;
import io.switchboard.internal.partition.PartitionId;
import io.switchboard.internal.protocol.PartitionProtocol;
import io.switchboard.internal.topic.Catalog;
import io.switchboard.internal.topic.TopicEntry;
import io.switchboard.internal.topic.TopicRegistry;
import io.switchboard.message.Message;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;

/**
 * Defence in depth behind the input checks: a write the journal refuses (here a lone surrogate,
 * which the CBOR encoder cannot write, sent past the door straight to the actor) is answered with
 * an error, and the registry and the partition keep serving.
 */
class JournalRefusalTest extends NodeTest {
  private static final Duration ANSWER = Duration.ofSeconds(5);
  private static final String LONE_SURROGATE = "\ud800";

  @Test
  void registrySurvivesARefusedEvent() {
    result(sb.createTopic(TopicConfig.of("refused-registry").withPartitions(1)));
    ActorRef<TopicRegistry.Command> registry =
        TopicRegistry.init(node.system(), sb.settings().registryRestart());

    StatusReply<TopicEntry> answer =
        result(
            AskPattern.<TopicRegistry.Command, StatusReply<TopicEntry>>ask(
                registry,
                replyTo ->
                    new TopicRegistry.CreateGroup(
                        "refused-registry", LONE_SURROGATE, GroupConfig.DEFAULT, replyTo),
                ANSWER,
                node.system().scheduler()));

    assertThat(answer.isError()).isTrue();
    assertThat(answer.getError())
        .isInstanceOfSatisfying(
            SwitchboardException.class,
            refusal -> assertThat(refusal.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    result(sb.createTopic(TopicConfig.of("after-refusal").withPartitions(1)));
    result(sb.createGroup("refused-registry", "g", GroupConfig.DEFAULT));
    assertThat(result(sb.listGroups("refused-registry"))).containsOnlyKeys("g");
    assertThat(result(sb.listTopics())).extracting(TopicConfig::name).contains("after-refusal");
  }

  @Test
  void partitionSurvivesARefusedWrite() {
    result(sb.createTopic(TopicConfig.of("refused-partition").withPartitions(1)));
    result(sb.createGroup("refused-partition", "g", GroupConfig.DEFAULT));
    Message poison =
        new Message(
            "poison",
            "refused-partition",
            LONE_SURROGATE,
            null,
            null,
            null,
            Map.of(),
            new byte[] {1},
            null,
            Instant.now(),
            null);

    PartitionProtocol.PublishReply reply =
        result(
            AskPattern.<PartitionProtocol.Command, PartitionProtocol.PublishReply>ask(
                partition("refused-partition"),
                replyTo -> new PartitionProtocol.Publish(List.of(poison), replyTo),
                ANSWER,
                node.system().scheduler()));

    assertThat(reply.errorCode()).isEqualTo(ErrorCode.INVALID_MESSAGE.name());
    result(sb.publish(Message.builder("refused-partition").id("good").text("after").build()));
    List<Delivery> delivered = result(sb.pull("refused-partition", "g", 10, Duration.ofSeconds(5)));
    assertThat(delivered).extracting(d -> d.message().id()).containsExactly("good");
    assertThat(result(sb.stats("refused-partition")).published()).isEqualTo(1);
  }

  private static RecipientRef<PartitionProtocol.Command> partition(String topic) {
    Catalog catalog =
        result(
            AskPattern.<TopicRegistry.Command, Catalog>ask(
                TopicRegistry.init(node.system(), sb.settings().registryRestart()),
                TopicRegistry.GetCatalog::new,
                ANSWER,
                node.system().scheduler()));
    long incarnation = catalog.topic(topic).orElseThrow().incarnation();
    return ClusterSharding.get(node.system())
        .entityRefFor(
            DurablePartition.ENTITY_TYPE_KEY, new PartitionId(topic, incarnation, 0).entityId());
  }
}
