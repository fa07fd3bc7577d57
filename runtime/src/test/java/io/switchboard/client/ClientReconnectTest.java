package io.switchboard.client;

import static io.switchboard.client.FabricContractTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.consumer.Delivery;
import io.switchboard.message.Message;
import io.switchboard.producer.Confirm;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node goes away in the middle of a publish stream and comes back on the same port and journal:
 * the client reconnects, republishes what was not confirmed, and the node stores each message once.
 */
class ClientReconnectTest {
  private static final int MESSAGES = 10_000;

  @TempDir Path dir;

  @Test
  void republishesTheUnconfirmedAfterTheNodeRestartsWithoutStoringDuplicates() throws Exception {
    int port = freePort();
    NodeUnderTest node = NodeUnderTest.start(dir, port);
    ActorSystem<Void> system = NodeUnderTest.clientSystem();
    try (SwitchboardClient client =
        SwitchboardClient.connect(
            system,
            node.clientSettings()
                .withPublishWindow(200)
                .withReconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(500)))) {
      await(client.createTopic(TopicConfig.of("survivors").withPartitions(2)));
      await(client.createGroup("survivors", "readers", GroupConfig.DEFAULT));
      AtomicInteger confirmed = new AtomicInteger();
      // paced, so that the stream is still publishing when the node goes away
      CompletionStage<List<Confirm>> publishing =
          Source.range(1, MESSAGES)
              .throttle(100, Duration.ofMillis(100))
              .map(
                  i -> Message.builder("survivors").key("k" + (i % 7)).text("message " + i).build())
              .via(client.publisher(8))
              .map(
                  confirm -> {
                    confirmed.incrementAndGet();
                    return confirm;
                  })
              .runWith(Sink.seq(), system);

      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> confirmed.get() >= 500);
      node.close();
      assertThat(publishing.toCompletableFuture()).as("publishes wait for the node").isNotDone();
      node = NodeUnderTest.start(dir, port);

      List<Confirm> confirms = await(publishing);
      Set<String> ids = confirms.stream().map(Confirm::messageId).collect(Collectors.toSet());
      assertThat(ids).hasSize(MESSAGES);
      long stored = await(client.stats("survivors")).groups().get(0).backlog();
      assertThat(stored)
          .as("messages stored for the group (no republished copy twice)")
          .isEqualTo(MESSAGES);

      List<Delivery> delivered =
          await(
              client
                  .source("survivors", "readers", ConsumerSettings.defaults().withCredit(500))
                  .take(MESSAGES)
                  .map(
                      d -> {
                        d.ack();
                        return d;
                      })
                  .runWith(Sink.seq(), system));
      assertThat(delivered.stream().map(d -> d.message().id()).collect(Collectors.toSet()))
          .as("every confirmed message delivered")
          .isEqualTo(ids);
    } finally {
      system.terminate();
      node.close();
    }
  }

  @Test
  void aRemoteWorkerServesAgainByItselfAfterTheNodeRestarts() throws Exception {
    int port = freePort();
    NodeUnderTest node = NodeUnderTest.start(dir, port);
    ActorSystem<Void> system = NodeUnderTest.clientSystem();
    try (SwitchboardClient client =
        SwitchboardClient.connect(
            system,
            node.clientSettings()
                .withReconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(500)))) {
      await(client.createTopic(TopicConfig.of("asks").withPartitions(1)));
      await(client.createGroup("asks", "workers", GroupConfig.DEFAULT));
      AtomicInteger served = new AtomicInteger();
      CompletionStage<org.apache.pekko.Done> worker =
          client
              .requests("asks", "workers", ConsumerSettings.defaults().withCredit(1))
              .mapAsync(1, request -> request.complete("served " + served.incrementAndGet()))
              .runWith(Sink.ignore(), system);
      assertThat(answer(client, system, "before")).isEqualTo("served 1");

      node.close(); // the Serve stream breaks (or ends UNAVAILABLE): the source opens it again
      node = NodeUnderTest.start(dir, port);

      assertThat(answer(client, system, "after")).startsWith("served ");
      assertThat(worker.toCompletableFuture()).as("the worker's source did not end").isNotDone();
    } finally {
      system.terminate();
      node.close();
    }
  }

  /** Sends a request and returns its final reply, retrying while the node starts. */
  private static String answer(SwitchboardClient client, ActorSystem<Void> system, String text) {
    Message request = Message.builder("asks").text(text).build();
    return Awaitility.await()
        .atMost(Duration.ofSeconds(90))
        .ignoreExceptions()
        .until(
            () ->
                client
                    .request(
                        request,
                        io.switchboard.request.RequestOptions.timeout(Duration.ofSeconds(60)))
                    .runWith(Sink.last(), system)
                    .toCompletableFuture()
                    .get(60, java.util.concurrent.TimeUnit.SECONDS)
                    .text(),
            answer -> answer != null);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
