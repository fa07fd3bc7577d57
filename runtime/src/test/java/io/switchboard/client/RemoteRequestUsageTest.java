package io.switchboard.client;

import static io.switchboard.client.FabricContractTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ErrorCode;
import io.switchboard.consumer.ConsumerControl;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.message.Message;
import io.switchboard.request.Outcome;
import io.switchboard.request.RequestEndedException;
import io.switchboard.request.RequestOptions;
import io.switchboard.request.Usage;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Token usage of requests that fail or are cancelled, over gRPC with the Java client on both ends:
 * the remote caller's error carries what the remote worker reported, and the node counts it once in
 * {@code switchboard_requests_tokens_total}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedNodeUnderTest.class)
class RemoteRequestUsageTest {
  private NodeUnderTest node;
  private ActorSystem<Void> system;
  private SwitchboardClient client;

  @BeforeAll
  void start(NodeUnderTest shared) {
    node = shared;
    system = NodeUnderTest.clientSystem();
    client = SwitchboardClient.connect(system, node.clientSettings());
  }

  @AfterAll
  void stop() {
    client.close();
    system.terminate();
  }

  @Test
  void aRemoteWorkersFailureCarriesItsUsageToTheRemoteCaller() throws Exception {
    workerTopic("usage-failed");
    ConsumerControl worker =
        client
            .requests("usage-failed", "workers", ConsumerSettings.defaults().withCredit(1))
            .mapAsync(
                1,
                request ->
                    request
                        .reply("partial")
                        .thenComposeAsync(
                            done -> request.fail("the GPU ran out of memory", Usage.of(30, 5)),
                            system.executionContext()))
            .to(Sink.ignore())
            .run(system);

    CompletionStage<Done> answer =
        client
            .request(prompt("usage-failed"), RequestOptions.timeout(Duration.ofSeconds(60)))
            .runWith(Sink.ignore(), system);

    RequestEndedException ended = endOf(answer);
    assertThat(ended.code()).isEqualTo(ErrorCode.REQUEST_FAILED);
    assertThat(ended.usage()).isEqualTo(Usage.of(30, 5));
    Awaitility.await()
        .until(() -> node.counter("switchboard_requests_tokens_total", "usage-failed") == 35.0);
    await(worker.stop());
  }

  @Test
  void aRemoteWorkerReportsUsageOnceAfterTheCallerCancelled() throws Exception {
    workerTopic("usage-cancelled");
    CompletableFuture<Outcome> stopped = new CompletableFuture<>();
    CompletableFuture<Done> reported = new CompletableFuture<>();
    ConsumerControl worker =
        client
            .requests("usage-cancelled", "workers", ConsumerSettings.defaults().withCredit(1))
            .mapAsync(
                1,
                request -> {
                  request
                      .cancelled()
                      .thenComposeAsync(
                          outcome -> {
                            stopped.complete(outcome);
                            return request.reportUsage(Usage.of(20, 4));
                          },
                          system.executionContext())
                      .thenComposeAsync(
                          done -> request.reportUsage(Usage.of(20, 4)), // a retry: not counted
                          system.executionContext())
                      .whenCompleteAsync(
                          (done, failure) -> {
                            if (failure != null) {
                              reported.completeExceptionally(failure);
                            } else {
                              reported.complete(done);
                            }
                          },
                          system.executionContext());
                  return request.reply("first");
                })
            .to(Sink.ignore())
            .run(system);

    Message request = prompt("usage-cancelled");
    await(
        client
            .request(request, RequestOptions.timeout(Duration.ofSeconds(60)))
            .take(1) // then cancels its stream: the node cancels the request
            .runWith(Sink.seq(), system));

    assertThat(await(stopped)).isEqualTo(Outcome.CANCELLED);
    await(reported);
    RequestEndedException ended =
        endOf(client.replies(request.id(), 0).runWith(Sink.ignore(), system));
    assertThat(ended.code()).isEqualTo(ErrorCode.CANCELLED);
    assertThat(ended.usage()).isEqualTo(Usage.of(20, 4));
    assertThat(node.counter("switchboard_requests_tokens_total", "usage-cancelled"))
        .isEqualTo(24.0);
    await(worker.stop());
  }

  private static RequestEndedException endOf(CompletionStage<?> stage) {
    Throwable[] caught = new Throwable[1];
    assertThatThrownBy(() -> await(stage)).satisfies(t -> caught[0] = t);
    for (Throwable t = caught[0]; t != null; t = t.getCause()) {
      if (t instanceof RequestEndedException ended) {
        return ended;
      }
    }
    throw new AssertionError("not a RequestEndedException", caught[0]);
  }

  private void workerTopic(String topic) throws Exception {
    await(client.createTopic(TopicConfig.of(topic).withPartitions(1)));
    await(client.createGroup(topic, "workers", GroupConfig.DEFAULT));
  }

  private static Message prompt(String topic) {
    return Message.builder(topic).payload("go".getBytes(StandardCharsets.UTF_8)).build();
  }
}
