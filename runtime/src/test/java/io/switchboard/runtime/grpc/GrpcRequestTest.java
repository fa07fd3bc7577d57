package io.switchboard.runtime.grpc;

import static io.switchboard.runtime.grpc.GrpcNode.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.switchboard.protocol.v1.Answered;
import io.switchboard.protocol.v1.CancelRequestRequest;
import io.switchboard.protocol.v1.Message;
import io.switchboard.protocol.v1.RepliesRequest;
import io.switchboard.protocol.v1.ReplyEvent;
import io.switchboard.protocol.v1.RequestCall;
import io.switchboard.protocol.v1.RequestToServe;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Requests over gRPC against a real node: the caller's Request/Replies/CancelRequest and the
 * worker's Serve.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrpcRequestTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Duration GRACE = Duration.ofSeconds(3);
  private GrpcNode node;

  @BeforeAll
  void start() {
    node =
        GrpcNode.start(
            "switchboard.limits.max-payload-bytes = 16 KiB",
            "switchboard.requests.retention = 2s",
            "switchboard.requests.reattach-grace = " + GRACE.toMillis() + "ms",
            "switchboard.requests.poll-interval = 1s");
  }

  @AfterAll
  void stop() throws IOException {
    node.close();
  }

  @Test
  void streamsAcceptedThenChunksInOrderThenTheFinalReply() {
    node.createTopic("ask", 2, "workers");
    ServeClient worker = ServeClient.subscribe(node.async(), "ask", "workers", 2);
    ReplyProbe<RequestCall> caller = request("ask", "q-1", "what is 2+2");

    assertThat(caller.accepted.orTimeout(30, TimeUnit.SECONDS).join()).isEqualTo("q-1");
    RequestToServe work = nextRequest(worker, 1);
    assertThat(work.getMessage().getPayload().toStringUtf8()).isEqualTo("what is 2+2");
    assertThat(work.getAttempt()).isEqualTo(1);
    assertThat(work.getStreamedList()).isEmpty();
    assertStored(worker.reply("q-1", "fo"));
    assertStored(worker.reply("q-1", "ur"));
    assertStored(worker.complete("q-1", "."));

    assertThat(caller.ended.orTimeout(30, TimeUnit.SECONDS).join()).isNull();
    assertThat(caller.texts()).containsExactly("1:fo", "2:ur", "3:.!");
    assertThat(caller.order.get(0)).isEqualTo(ReplyEvent.EventCase.ACCEPTED);
    worker.cancel();
  }

  @Test
  void aCallerWhoseCallBreaksReattachesWithItsCursorAndGetsTheRest() {
    node.createTopic("reattach", 1, "workers");
    ServeClient worker = ServeClient.subscribe(node.async(), "reattach", "workers", 1);
    ReplyProbe<RequestCall> caller = request("reattach", "q-2", "tell me");
    nextRequest(worker, 1);
    assertStored(worker.reply("q-2", "a"));
    assertStored(worker.reply("q-2", "b"));
    await().atMost(WAIT).until(() -> caller.chunks.size() == 2);
    caller.cut();
    assertStored(
        worker.reply("q-2", "c")); // the request still runs: its call broke, nobody cancelled

    ReplyProbe<RepliesRequest> again = new ReplyProbe<>();
    node.async()
        .replies(RepliesRequest.newBuilder().setRequestId("q-2").setCursor(2).build(), again);
    await().atMost(WAIT).until(() -> again.chunks.size() == 1);
    assertStored(worker.complete("q-2", "end"));
    assertThat(again.ended.orTimeout(30, TimeUnit.SECONDS).join()).isNull();
    assertThat(again.texts()).containsExactly("3:c", "4:end!");
    worker.cancel();
  }

  @Test
  void aCallerWhoseCallBreaksAndDoesNotReattachIsCancelledAtTheWorkerAfterTheGrace() {
    node.createTopic("gone", 1, "workers");
    ServeClient worker = ServeClient.subscribe(node.async(), "gone", "workers", 1);
    ReplyProbe<RequestCall> caller = request("gone", "q-gone", "long answer");
    nextRequest(worker, 1);
    assertStored(worker.reply("q-gone", "one"));
    await().atMost(WAIT).until(() -> caller.chunks.size() == 1);
    caller.cut();
    long cut = System.nanoTime();
    await().atMost(WAIT).until(() -> worker.stopped.size() == 1);
    assertThat(Duration.ofNanos(System.nanoTime() - cut)).isGreaterThanOrEqualTo(GRACE);
    assertThat(worker.stopped.get(0).getOutcome()).isEqualTo("CANCELLED");
    ReplyProbe<RepliesRequest> late = new ReplyProbe<>();
    node.async()
        .replies(RepliesRequest.newBuilder().setRequestId("q-gone").setCursor(1).build(), late);
    assertThat(
            assertRefused(
                    late.ended.orTimeout(30, TimeUnit.SECONDS).join(),
                    Status.Code.CANCELLED,
                    "CANCELLED")
                .getMessage())
        .contains("reattach-grace");
    worker.cancel();
  }

  @Test
  void aCallerThatReattachesWithinTheGraceKeepsItsRequestRunning() {
    node.createTopic("back", 1, "workers");
    ServeClient worker = ServeClient.subscribe(node.async(), "back", "workers", 1);
    ReplyProbe<RequestCall> caller = request("back", "q-back", "long answer");
    nextRequest(worker, 1);
    assertStored(worker.reply("q-back", "one"));
    await().atMost(WAIT).until(() -> caller.chunks.size() == 1);
    caller.cut();
    await().atMost(WAIT).until(() -> describe("q-back").detached());
    ReplyProbe<RepliesRequest> again = new ReplyProbe<>();
    node.async()
        .replies(RepliesRequest.newBuilder().setRequestId("q-back").setCursor(1).build(), again);
    await().atMost(WAIT).until(() -> !describe("q-back").detached());
    // Well past the grace the worker has not been told to stop: the reattach took the request back.
    await()
        .during(GRACE.plusSeconds(1))
        .atMost(GRACE.plusSeconds(10))
        .until(() -> worker.stopped.isEmpty());
    assertStored(worker.complete("q-back", "end"));
    assertThat(again.ended.orTimeout(30, TimeUnit.SECONDS).join()).isNull();
    assertThat(again.texts()).containsExactly("2:end!");
    worker.cancel();
  }

  // White box on purpose: the reply stream's state (chunks, outcome, deadline) has no public
  // API (RequestSide answers only topicOf), so the test reaches the engine behind the facade.
  private io.switchboard.internal.request.ReplyProtocol.Description describe(String requestId) {
    return ((io.switchboard.internal.request.Requests)
            io.switchboard.Switchboard.get(node.node().system()).requestSide())
        .describe(requestId)
        .toCompletableFuture()
        .join();
  }

  @Test
  void cancelRequestStopsTheWorkerAndFailsTheCallerCancelled() {
    node.createTopic("cancel", 1, "workers");
    ServeClient worker = ServeClient.subscribe(node.async(), "cancel", "workers", 1);
    ReplyProbe<RequestCall> caller = request("cancel", "q-3", "long answer");
    nextRequest(worker, 1);
    assertStored(worker.reply("q-3", "one"));

    node.blocking().cancelRequest(CancelRequestRequest.newBuilder().setRequestId("q-3").build());
    await().atMost(WAIT).until(() -> worker.stopped.size() == 1);
    assertThat(worker.stopped.get(0).getOutcome()).isEqualTo("CANCELLED");
    assertRefused(
        caller.ended.orTimeout(30, TimeUnit.SECONDS).join(), Status.Code.CANCELLED, "CANCELLED");
    assertThat(worker.reply("q-3", "two").getError().getCode()).isEqualTo("UNKNOWN_REQUEST");
    worker.cancel();
  }

  @Test
  void aWorkerThatFailsEndsTheCallerWithRequestFailed() {
    node.createTopic("failing", 1, "workers");
    ServeClient worker = ServeClient.subscribe(node.async(), "failing", "workers", 1);
    ReplyProbe<RequestCall> caller = request("failing", "q-4", "impossible");
    nextRequest(worker, 1);
    assertStored(worker.fail("q-4", "model not loaded"));
    assertThat(
            assertRefused(
                    caller.ended.orTimeout(30, TimeUnit.SECONDS).join(),
                    Status.Code.ABORTED,
                    "REQUEST_FAILED")
                .getMessage())
        .contains("model not loaded");
    worker.cancel();
  }

  @Test
  void refusesRepliesToUnknownOrCompletedRequestsAndOversizeChunks() {
    node.createTopic("refusals", 1, "workers");
    ServeClient worker = ServeClient.subscribe(node.async(), "refusals", "workers", 1);
    assertThat(worker.reply("never-sent", "x").getError().getCode()).isEqualTo("UNKNOWN_REQUEST");

    ReplyProbe<RequestCall> caller = request("refusals", "q-5", "short");
    nextRequest(worker, 1);
    Answered tooLarge = worker.reply("q-5", new byte[16 * 1024 + 1]);
    assertThat(tooLarge.getError().getCode()).isEqualTo("PAYLOAD_TOO_LARGE");
    assertStored(worker.reply("q-5", "fits"));
    assertStored(worker.complete("q-5", "done"));
    assertThat(worker.complete("q-5", "again").getError().getCode()).isEqualTo("UNKNOWN_REQUEST");
    assertThat(caller.ended.orTimeout(30, TimeUnit.SECONDS).join()).isNull();
    assertThat(caller.texts())
        .containsExactly("1:fits", "2:done!"); // the refused chunk took no seq
    worker.cancel();
  }

  @Test
  void aRequestWhoseWorkerLeavesGoesToAnotherWithWhatWasStreamed() {
    node.createTopic("moves", 1, "workers");
    ServeClient first = ServeClient.subscribe(node.async(), "moves", "workers", 1);
    ReplyProbe<RequestCall> caller = request("moves", "q-6", "keep going");
    nextRequest(first, 1);
    assertStored(first.reply("q-6", "one"));
    ServeClient second = ServeClient.subscribe(node.async(), "moves", "workers", 1);
    first.cancel();

    RequestToServe moved = nextRequest(second, 1);
    assertThat(moved.getAttempt()).isEqualTo(2);
    assertThat(moved.getStreamedList())
        .extracting(chunk -> chunk.getPayload().toStringUtf8())
        .containsExactly("one");
    assertStored(second.reply("q-6", "two"));
    assertStored(second.complete("q-6", "three"));
    assertThat(caller.ended.orTimeout(30, TimeUnit.SECONDS).join()).isNull();
    assertThat(caller.texts()).containsExactly("1:one", "2:two", "3:three!");
    second.cancel();
  }

  @Test
  void reattachingToAnUnknownOrExpiredRequestIsNotFound() {
    ReplyProbe<RepliesRequest> unknown = new ReplyProbe<>();
    node.async().replies(RepliesRequest.newBuilder().setRequestId("no-such").build(), unknown);
    assertRefused(
        unknown.ended.orTimeout(30, TimeUnit.SECONDS).join(),
        Status.Code.NOT_FOUND,
        "UNKNOWN_REQUEST");

    node.createTopic("expiry", 1, "workers");
    ServeClient worker = ServeClient.subscribe(node.async(), "expiry", "workers", 1);
    ReplyProbe<RequestCall> caller = request("expiry", "q-7", "quick");
    nextRequest(worker, 1);
    assertStored(worker.complete("q-7", "ok"));
    assertThat(caller.ended.orTimeout(30, TimeUnit.SECONDS).join()).isNull();
    // retention is 2 s on this node: a reattach fails EXPIRED once it has passed
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              ReplyProbe<RepliesRequest> late = new ReplyProbe<>();
              node.async().replies(RepliesRequest.newBuilder().setRequestId("q-7").build(), late);
              assertRefused(
                  late.ended.orTimeout(30, TimeUnit.SECONDS).join(),
                  Status.Code.NOT_FOUND,
                  "EXPIRED");
            });
    worker.cancel();
  }

  @Test
  void refusesAMalformedRequestMessage() {
    ReplyProbe<RequestCall> caller = new ReplyProbe<>();
    node.async()
        .request(
            RequestCall.newBuilder().setMessage(Message.newBuilder().setTopic("Bad Name!")).build(),
            caller);
    assertRefused(
        caller.ended.orTimeout(30, TimeUnit.SECONDS).join(),
        Status.Code.INVALID_ARGUMENT,
        "INVALID_NAME");
  }

  private ReplyProbe<RequestCall> request(String topic, String id, String text) {
    ReplyProbe<RequestCall> caller = new ReplyProbe<>();
    node.async()
        .request(
            RequestCall.newBuilder()
                .setTimeoutMillis(60_000)
                .setMessage(
                    Message.newBuilder()
                        .setTopic(topic)
                        .setId(id)
                        .setPayload(ByteString.copyFromUtf8(text)))
                .build(),
            caller);
    return caller;
  }

  private static RequestToServe nextRequest(ServeClient worker, int count) {
    await().atMost(WAIT).until(() -> worker.requests.size() >= count);
    return worker.requests.get(count - 1);
  }

  private static void assertStored(Answered answered) {
    assertThat(answered.hasError()).as(answered.getError().getMessage()).isFalse();
  }
}
