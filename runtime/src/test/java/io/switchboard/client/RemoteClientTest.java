package io.switchboard.client;

import static io.switchboard.client.FabricContractTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.message.Message;
import io.switchboard.producer.Confirm;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The remote client against a real node: the window, and refusals with their codes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedNodeUnderTest.class)
class RemoteClientTest {
  private static final int WINDOW = 8;
  private NodeUnderTest node;
  private ActorSystem<Void> system;
  private SwitchboardClient client;

  @BeforeAll
  void start(NodeUnderTest shared) throws Exception {
    node = shared;
    system = NodeUnderTest.clientSystem();
    client = SwitchboardClient.connect(system, node.clientSettings().withPublishWindow(WINDOW));
    await(client.createTopic(TopicConfig.of("windowed").withPartitions(2)));
  }

  @AfterAll
  void stop() {
    client.close();
    system.terminate();
  }

  @Test
  void neverHasMoreThanTheWindowUnconfirmed() throws Exception {
    AtomicInteger most = new AtomicInteger();
    CompletionStage<List<Confirm>> flow =
        Source.range(1, 2000)
            .map(i -> Message.builder("windowed").payload(new byte[1024]).build())
            .via(client.publisher(16))
            .runWith(Sink.seq(), system);
    List<CompletionStage<Confirm>> direct =
        IntStream.range(0, 500)
            .mapToObj(i -> client.publish(Message.builder("windowed").text("direct " + i).build()))
            .toList();
    CompletableFuture<?> all =
        CompletableFuture.allOf(
            flow.toCompletableFuture(),
            CompletableFuture.allOf(
                direct.stream()
                    .map(CompletionStage::toCompletableFuture)
                    .toArray(CompletableFuture[]::new)));
    while (!all.isDone()) {
      most.accumulateAndGet(client.unconfirmed(), Math::max);
    }

    assertThat(await(flow)).hasSize(2000);
    assertThat(most.get()).as("most publishes seen unconfirmed at once").isBetween(2, WINDOW);
  }

  @Test
  void joinsPublishesIssuedTogetherIntoFewRequests() throws Exception {
    await(client.createTopic(TopicConfig.of("gathered")));
    SwitchboardClient wide =
        SwitchboardClient.connect(system, node.clientSettings().withPublishWindow(1000));
    try {
      List<CompletableFuture<Confirm>> confirms =
          IntStream.range(0, 1000)
              .mapToObj(
                  i ->
                      wide.publish(Message.builder("gathered").text("m" + i).build())
                          .toCompletableFuture())
              .toList();
      CompletableFuture.allOf(confirms.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    } finally {
      wide.close();
    }

    double requests = node.counter("switchboard_grpc_publish_requests_total", "gathered");
    assertThat(requests)
        .as("PublishRequests that carried 1,000 publishes made in a loop")
        .isBetween(10.0, 500.0);
  }

  @Test
  void aPublishToAnUnknownTopicFailsWithItsCode() {
    assertThatThrownBy(
            () -> await(client.publish(Message.builder("no-such-topic").text("x").build())))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(
            SwitchboardException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TOPIC));
  }

  @Test
  void aSecondTopicOfTheSameNameFailsWithTopicExists() {
    assertThatThrownBy(() -> await(client.createTopic(TopicConfig.of("windowed"))))
        .cause()
        .isInstanceOfSatisfying(
            SwitchboardException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.TOPIC_EXISTS));
  }

  @Test
  void aSourceOfAnUnknownGroupFailsWithItsCode() {
    assertThatThrownBy(
            () ->
                await(
                    client
                        .source("windowed", "nobody", ConsumerSettings.defaults())
                        .runWith(Sink.ignore(), system)))
        .cause()
        .isInstanceOfSatisfying(
            SwitchboardException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_GROUP));
  }

  @Test
  void aBadGroupSettingIsRefusedByTheNodeWithItsCode() throws Exception {
    await(client.createGroup("windowed", "g", GroupConfig.DEFAULT));
    assertThatThrownBy(() -> await(client.createGroup("windowed", "g", GroupConfig.DEFAULT)))
        .cause()
        .isInstanceOfSatisfying(
            SwitchboardException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.GROUP_EXISTS));
  }
}
