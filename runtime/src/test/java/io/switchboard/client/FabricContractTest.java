package io.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.Fabric;
import io.switchboard.Switchboard;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.consumer.Delivery;
import io.switchboard.message.Message;
import io.switchboard.producer.Confirm;
import io.switchboard.routing.Route;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import io.switchboard.topic.TopicStats;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One application's code, run against the embedded library and against the same node through the
 * remote client: only how the {@link Fabric} is obtained differs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedNodeUnderTest.class)
class FabricContractTest {
  private NodeUnderTest node;
  private ActorSystem<Void> clientSystem;
  private SwitchboardClient client;

  @BeforeAll
  void start(NodeUnderTest shared) {
    node = shared;
    clientSystem = NodeUnderTest.clientSystem();
    client = SwitchboardClient.connect(clientSystem, node.clientSettings());
  }

  @AfterAll
  void stop() {
    client.close();
    clientSystem.terminate();
  }

  private Fabric fabric(String how) {
    return how.equals("embedded") ? Switchboard.get(node.node().system()) : client;
  }

  private ActorSystem<?> system(String how) {
    return how.equals("embedded") ? node.node().system() : clientSystem;
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "remote"})
  void publishesConsumesAndAcksTheSameWay(String how) throws Exception {
    Fabric fabric = fabric(how);
    String topic = "contract-" + how;
    await(fabric.createTopic(TopicConfig.of(topic).withPartitions(2)));
    await(fabric.createGroup(topic, "workers", GroupConfig.DEFAULT));

    List<Message> sent =
        IntStream.range(0, 50)
            .mapToObj(
                i ->
                    Message.builder(topic)
                        .key("k" + (i % 5))
                        .header("n", Integer.toString(i))
                        .payload(new byte[] {(byte) i, 0, (byte) 255})
                        .build())
            .toList();
    List<Confirm> confirms =
        await(Source.from(sent).via(fabric.publisher(4)).runWith(Sink.seq(), system(how)));
    assertThat(confirms)
        .extracting(Confirm::messageId)
        .containsExactlyElementsOf(sent.stream().map(Message::id).toList());

    List<Delivery> received =
        await(
            fabric
                .source(topic, "workers", ConsumerSettings.defaults().withCredit(20))
                .take(sent.size())
                .map(
                    delivery -> {
                      delivery.ack();
                      return delivery;
                    })
                .runWith(Sink.seq(), system(how)));
    assertThat(received)
        .extracting(d -> d.message().id())
        .containsExactlyInAnyOrderElementsOf(sent.stream().map(Message::id).toList());
    Message first =
        received.stream()
            .map(Delivery::message)
            .filter(m -> m.id().equals(sent.get(7).id()))
            .findFirst()
            .orElseThrow();
    assertThat(first.payload()).isEqualTo(sent.get(7).payload());
    assertThat(first.headers()).containsEntry("n", "7");

    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              TopicStats stats = await(fabric.stats(topic));
              assertThat(stats.groups())
                  .singleElement()
                  .satisfies(g -> assertThat(g.acked()).isEqualTo(sent.size()));
              // who runs each partition and what it wrote, remote as embedded
              assertThat(stats.partitions())
                  .hasSize(2)
                  .allSatisfy(
                      p -> {
                        assertThat(p.node()).isEqualTo(node.node().system().address().toString());
                        assertThat(p.journalWrites()).isPositive();
                      });
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "remote"})
  void administersTopicsGroupsAndRoutesTheSameWay(String how) throws Exception {
    Fabric fabric = fabric(how);
    String topic = "admin-" + how;
    TopicConfig created = await(fabric.createTopic(TopicConfig.of(topic).withPartitions(3)));
    await(
        fabric.createGroup(
            topic, "g1", GroupConfig.DEFAULT.withStartFrom(GroupConfig.StartFrom.EARLIEST)));
    await(fabric.addRoute(new Route("admin." + how + ".*", topic)));

    assertThat(created.partitions()).isEqualTo(3);
    assertThat(await(fabric.describeTopic(topic))).contains(created);
    assertThat(await(fabric.listTopics())).contains(created);
    assertThat(await(fabric.listGroups(topic)))
        .containsEntry("g1", GroupConfig.DEFAULT.withStartFrom(GroupConfig.StartFrom.EARLIEST));
    assertThat(await(fabric.routes())).contains(new Route("admin." + how + ".*", topic));
    assertThat(await(fabric.deadLetters(topic, 10))).isEmpty();
    assertThat(await(fabric.replayDeadLetters(topic, 10))).isZero();

    await(fabric.removeRoute(new Route("admin." + how + ".*", topic)));
    await(fabric.deleteGroup(topic, "g1"));
    await(fabric.deleteTopic(topic));
    assertThat(await(fabric.routes())).doesNotContain(new Route("admin." + how + ".*", topic));
    assertThat(await(fabric.describeTopic(topic))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "remote"})
  void replaysChosenDeadLettersAndPurgesTheRestTheSameWay(String how) throws Exception {
    Fabric fabric = fabric(how);
    String topic = "dead-" + how;
    await(fabric.createTopic(TopicConfig.of(topic).withPartitions(1).withMaxAttempts(1)));
    await(fabric.createGroup(topic, "g", GroupConfig.DEFAULT));
    List<Message> sent =
        IntStream.range(0, 4).mapToObj(i -> Message.builder(topic).text("m" + i).build()).toList();
    await(fabric.publishAll(sent));
    await(
        fabric
            .source(topic, "g", ConsumerSettings.defaults().withCredit(10))
            .take(sent.size())
            .map(
                delivery -> {
                  delivery.nack(); // the only attempt: each becomes a dead letter
                  return delivery;
                })
            .runWith(Sink.seq(), system(how)));
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> await(fabric.deadLetters(topic, 10)).size() == sent.size());

    List<String> chosen =
        await(
            fabric.replayDeadLetters(
                topic,
                new java.util.LinkedHashSet<>(List.of(sent.get(1).id(), "no-such-id")),
                100));
    assertThat(chosen).containsExactly(sent.get(1).id());
    assertThat(await(fabric.deadLetters(topic, 10)))
        .extracting(Message::id)
        .containsExactly(sent.get(0).id(), sent.get(2).id(), sent.get(3).id());

    assertThat(await(fabric.purgeDeadLetters(topic, 2))).isEqualTo(2);
    assertThat(await(fabric.deadLetters(topic, 10)))
        .extracting(Message::id)
        .containsExactly(sent.get(3).id());
    Delivery back =
        await(
            fabric
                .source(topic, "g", ConsumerSettings.defaults().withCredit(10))
                .take(1)
                .runWith(Sink.head(), system(how)));
    assertThat(back.message().id())
        .isEqualTo(sent.get(1).id()); // the replayed one only: the purged are gone
    back.ack();
  }

  static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
