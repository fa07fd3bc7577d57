package io.switchboard.client;

import static io.switchboard.client.FabricContractTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ErrorCode;
import io.switchboard.Fabric;
import io.switchboard.Switchboard;
import io.switchboard.SwitchboardException;
import io.switchboard.consumer.ConsumerControl;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.message.Message;
import io.switchboard.request.Outcome;
import io.switchboard.request.ReplyChunk;
import io.switchboard.request.RequestOptions;
import io.switchboard.request.Usage;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests through the remote client against a real node: a remote worker answers embedded and
 * remote callers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedNodeUnderTest.class)
class RemoteRequestTest {
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

  private Fabric caller(String how) {
    return how.equals("embedded") ? Switchboard.get(node.node().system()) : client;
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "remote"})
  void aRemoteWorkerStreamsItsAnswerToTheCaller(String how) throws Exception {
    String topic = "chat-" + how;
    workerTopic(topic);
    ConsumerControl worker =
        client
            .requests(topic, "workers", ConsumerSettings.defaults().withCredit(2))
            .mapAsync(
                2,
                request ->
                    request
                        .reply("hello ")
                        .thenComposeAsync(
                            done -> request.reply(request.message().payload()),
                            system.executionContext())
                        .thenComposeAsync(done -> request.complete("."), system.executionContext()))
            .to(Sink.ignore())
            .run(system);

    List<ReplyChunk> answer =
        await(
            caller(how)
                .request(prompt(topic, "world"), RequestOptions.timeout(Duration.ofSeconds(60)))
                .runWith(Sink.seq(), system));
    assertThat(answer).extracting(ReplyChunk::seq).containsExactly(1L, 2L, 3L);
    assertThat(answer).extracting(ReplyChunk::text).containsExactly("hello ", "world", ".");
    assertThat(answer.get(2).last()).isTrue();
    await(worker.stop());
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "remote"})
  void cancellingTheCallersStreamStopsTheRemoteWorker(String how) throws Exception {
    String topic = "cancel-" + how;
    workerTopic(topic);
    CompletableFuture<Outcome> stopped = new CompletableFuture<>();
    ConsumerControl worker =
        client
            .requests(topic, "workers", ConsumerSettings.defaults().withCredit(1))
            .mapAsync(
                1,
                request -> {
                  request.cancelled().thenAcceptAsync(stopped::complete, system.executionContext());
                  return request.reply("first");
                })
            .to(Sink.ignore())
            .run(system);

    List<ReplyChunk> read =
        await(
            caller(how)
                .request(prompt(topic, "long"), RequestOptions.timeout(Duration.ofSeconds(60)))
                .take(1)
                .runWith(Sink.seq(), system));
    assertThat(read).extracting(ReplyChunk::text).containsExactly("first");
    assertThat(stopped.get(30, TimeUnit.SECONDS)).isEqualTo(Outcome.CANCELLED);
    await(worker.stop());
  }

  @ParameterizedTest
  @ValueSource(strings = {"remote"})
  void reattachesByCursorAndRefusesUnknownRequestsAndOversizeChunks(String how) throws Exception {
    String topic = "reattach-" + how;
    workerTopic(topic);
    CompletableFuture<Throwable> oversize = new CompletableFuture<>();
    CompletableFuture<Throwable> afterEnd = new CompletableFuture<>();
    ConsumerControl worker =
        client
            .requests(topic, "workers", ConsumerSettings.defaults().withCredit(1))
            .mapAsync(
                1,
                request ->
                    request
                        .reply(
                            new byte
                                [node.node()
                                        .system()
                                        .settings()
                                        .config()
                                        .getBytes("switchboard.limits.max-payload-bytes")
                                        .intValue()
                                    + 1])
                        .handleAsync(
                            (done, failure) -> oversize.complete(failure),
                            system.executionContext())
                        .thenComposeAsync(ignored -> request.reply("a"), system.executionContext())
                        .thenComposeAsync(done -> request.reply("b"), system.executionContext())
                        .thenComposeAsync(done -> request.complete("c"), system.executionContext())
                        .thenComposeAsync(done -> request.reply("late"), system.executionContext())
                        .handleAsync(
                            (done, failure) -> afterEnd.complete(failure),
                            system.executionContext()))
            .to(Sink.ignore())
            .run(system);

    Message prompt = prompt(topic, "x");
    await(
        client
            .request(prompt, RequestOptions.timeout(Duration.ofSeconds(60)))
            .runWith(Sink.ignore(), system));
    List<ReplyChunk> rest = await(client.replies(prompt.id(), 1).runWith(Sink.seq(), system));
    assertThat(rest).extracting(ReplyChunk::text).containsExactly("b", "c");
    assertThat(code(oversize.get(30, TimeUnit.SECONDS))).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
    assertThat(code(afterEnd.get(30, TimeUnit.SECONDS))).isEqualTo(ErrorCode.UNKNOWN_REQUEST);
    CompletionStage<List<ReplyChunk>> unknown =
        client.replies("never-sent", 0).runWith(Sink.seq(), system);
    assertThatThrownBy(() -> unknown.toCompletableFuture().get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .satisfies(
            failure -> assertThat(code(failure.getCause())).isEqualTo(ErrorCode.UNKNOWN_REQUEST));
    await(worker.stop());
  }

  @org.junit.jupiter.api.Test
  void aRemoteWorkerWithATokenBudgetHoldsNoMoreThanIt() throws Exception {
    String topic = "budget";
    await(client.createTopic(TopicConfig.of(topic).withPartitions(1)));
    await(client.createGroup(topic, "workers", GroupConfig.DEFAULT));
    List<CompletableFuture<Done>> held = new CopyOnWriteArrayList<>();
    // credit 4 would take four 400-token requests at once; the budget of 1,000 tokens takes two
    ConsumerControl worker =
        client
            .requests(
                topic, "workers", ConsumerSettings.defaults().withCredit(4).withTokenBudget(1_000))
            .mapAsync(
                4,
                request -> {
                  CompletableFuture<Done> release = new CompletableFuture<>();
                  held.add(release);
                  return release.thenComposeAsync(
                      done -> request.complete("ok"), system.executionContext());
                })
            .to(Sink.ignore())
            .run(system);
    List<CompletionStage<List<ReplyChunk>>> answers = new java.util.ArrayList<>();
    for (int i = 0; i < 6; i++) {
      answers.add(
          client
              .request(
                  prompt(topic, "q" + i),
                  RequestOptions.timeout(Duration.ofSeconds(60)).withCost(400))
              .runWith(Sink.seq(), system));
    }

    for (int released = 0; released < 6; released++) {
      int taken = Math.min(released + 2, 6);
      int answered = released;
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> held.size() == taken && inFlight(topic) == taken - answered);
      assertThat(held).hasSize(taken); // two unanswered at a time, never more
      held.get(released).complete(Done.getInstance());
    }
    for (CompletionStage<List<ReplyChunk>> answer : answers) {
      assertThat(await(answer)).extracting(ReplyChunk::text).containsExactly("ok");
    }
    await(worker.stop());
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "remote"})
  void theTokensARemoteWorkerReportsReachTheCallersFinalReplyWithinItsWindow(String how)
      throws Exception {
    String topic = "usage-" + how;
    workerTopic(topic);
    ConsumerControl worker =
        client
            .requests(topic, "workers", ConsumerSettings.defaults().withCredit(1))
            .mapAsync(
                1,
                request ->
                    request
                        .reply("one")
                        .thenComposeAsync(done -> request.reply("two"), system.executionContext())
                        .thenComposeAsync(
                            done ->
                                request.complete(
                                    "done".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                                    Usage.of(12, 3)),
                            system.executionContext()))
            .to(Sink.ignore())
            .run(system);

    List<ReplyChunk> answer =
        await(
            caller(how)
                .request(
                    prompt(topic, "count"),
                    RequestOptions.timeout(Duration.ofSeconds(60)).withWindow(1))
                .runWith(Sink.seq(), system));
    assertThat(answer).extracting(ReplyChunk::text).containsExactly("one", "two", "done");
    assertThat(answer).extracting(ReplyChunk::usage).containsExactly(null, null, Usage.of(12, 3));
    // The window travels with the request: one over the node's max-window is refused there.
    assertThatThrownBy(
            () ->
                await(
                    caller(how)
                        .request(
                            prompt(topic, "too wide"), RequestOptions.DEFAULT.withWindow(100_000))
                        .runWith(Sink.seq(), system)))
        .isInstanceOf(ExecutionException.class)
        .satisfies(
            failure -> assertThat(code(failure.getCause())).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    await(worker.stop());
  }

  private long inFlight(String topic) throws Exception {
    return await(Switchboard.get(node.node().system()).stats(topic)).groups().get(0).inFlight();
  }

  private void workerTopic(String topic) throws Exception {
    await(client.createTopic(TopicConfig.of(topic).withPartitions(2)));
    await(client.createGroup(topic, "workers", GroupConfig.DEFAULT));
  }

  private static Message prompt(String topic, String text) {
    return Message.builder(topic)
        .payload(text.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .build();
  }

  private static ErrorCode code(Throwable failure) {
    Throwable cause =
        failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure;
    assertThat(cause).isInstanceOf(SwitchboardException.class);
    return ((SwitchboardException) cause).code();
  }
}
