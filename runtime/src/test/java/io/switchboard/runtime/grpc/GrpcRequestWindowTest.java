package io.switchboard.runtime.grpc;

import static io.switchboard.runtime.grpc.GrpcNode.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.switchboard.internal.request.ReplyProtocol.Description;
import io.switchboard.protocol.v1.Answered;
import io.switchboard.protocol.v1.Message;
import io.switchboard.protocol.v1.ReplyChunk;
import io.switchboard.protocol.v1.RequestCall;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The caller's own reply window over gRPC ({@code RequestCall.window}) against a real node: a
 * caller that does not read holds the worker that many chunks ahead of what the node read for it,
 * not the node's window; and the worker's token usage reaches the caller and the node's metrics.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrpcRequestWindowTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int NODE_WINDOW = 16;
  private static final int WINDOW = 2;
  private static final int MAX_WINDOW = 64;
  // Enough 64 KiB chunks to fill gRPC's and HTTP/2's buffers toward a caller that reads nothing.
  private static final int CHUNKS = 120;
  private GrpcNode node;

  @BeforeAll
  void start() {
    node =
        GrpcNode.start(
            "switchboard.limits.max-payload-bytes = 256 KiB",
            "switchboard.requests.poll-interval = 1s",
            "switchboard.requests.window = " + NODE_WINDOW,
            "switchboard.requests.max-window = " + MAX_WINDOW);
  }

  @AfterAll
  void stop() throws IOException {
    node.close();
  }

  @Test
  void aCallerThatDoesNotReadHoldsTheWorkerItsOwnWindowAheadThenGetsEveryChunkAndTheUsage() {
    node.createTopic("window", 1, "workers");
    ServeClient worker = ServeClient.subscribe(node.async(), "window", "workers", 1);
    ReplyProbe<RequestCall> caller = ReplyProbe.manual();
    node.async().request(call("window", "w-1", WINDOW), caller);
    assertThat(caller.accepted.orTimeout(30, TimeUnit.SECONDS).join()).isEqualTo("w-1");
    await().atMost(WAIT).until(() -> worker.requests.size() == 1);

    // The worker sends its next chunk as soon as the last one is stored, as a generating model
    // does.
    AtomicInteger stored = new AtomicInteger();
    AtomicReference<String> refused = new AtomicReference<>();
    CompletableFuture<Void> allStored = new CompletableFuture<>();
    sendFrom(worker, 1, stored, refused, allStored);

    // The caller reads nothing: once the node's read ahead is stuck behind the call, the reply
    // stream stores WINDOW chunks past it and holds the worker's next one (its answer does not
    // come).
    await()
        .atMost(WAIT)
        .until(
            () -> {
              Description d = describe("w-1");
              return d.waitingAppends() == 1 && d.stored() - d.readCursor() == WINDOW;
            });
    Description held = describe("w-1");
    assertThat(held.stored()).isLessThan(CHUNKS);
    assertThat(allStored).isNotDone();
    assertThat(refused.get()).isNull();

    caller.read(Integer.MAX_VALUE);
    allStored.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    assertThat(refused.get()).isNull();
    Answered done = worker.complete("w-1", "done", 7, CHUNKS);
    assertThat(done.hasError()).as(done.getError().getMessage()).isFalse();

    assertThat(caller.ended.orTimeout(60, TimeUnit.SECONDS).join()).isNull();
    assertThat(caller.chunks).hasSize(CHUNKS + 1);
    for (int i = 0; i < CHUNKS; i++) {
      assertThat(caller.chunks.get(i).getSeq()).isEqualTo(i + 1);
      assertThat(caller.chunks.get(i).hasPromptTokens()).isFalse();
    }
    ReplyChunk last = caller.chunks.get(CHUNKS);
    assertThat(last.getLast()).isTrue();
    assertThat(last.getPromptTokens()).isEqualTo(7);
    assertThat(last.getCompletionTokens()).isEqualTo(CHUNKS);
    assertThat(
            node.metric(
                "switchboard_requests_tokens_total",
                "topic=\"window\"",
                "kind=\"prompt\"",
                "tenant=\"default\""))
        .isEqualTo(7.0);
    assertThat(
            node.metric(
                "switchboard_requests_tokens_total", "topic=\"window\"", "kind=\"completion\""))
        .isEqualTo(CHUNKS);
    worker.cancel();
  }

  @Test
  void refusesAWindowAboveMaxWindowOrBelowZero() {
    ReplyProbe<RequestCall> tooLarge = new ReplyProbe<>();
    node.async().request(call("window-refused", "w-2", MAX_WINDOW + 1), tooLarge);
    assertThat(
            assertRefused(
                    tooLarge.ended.orTimeout(30, TimeUnit.SECONDS).join(),
                    Status.Code.INVALID_ARGUMENT,
                    "INVALID_ARGUMENT")
                .getMessage())
        .contains("max-window");
    ReplyProbe<RequestCall> negative = new ReplyProbe<>();
    node.async().request(call("window-refused", "w-3", -1), negative);
    assertRefused(
        negative.ended.orTimeout(30, TimeUnit.SECONDS).join(),
        Status.Code.INVALID_ARGUMENT,
        "INVALID_ARGUMENT");
  }

  @Test
  void aNegativeTokenCountIsRefusedAndTheRequestKeepsRunning() {
    node.createTopic("usage-refused", 1, "workers");
    ServeClient worker = ServeClient.subscribe(node.async(), "usage-refused", "workers", 1);
    ReplyProbe<RequestCall> caller = new ReplyProbe<>();
    node.async().request(call("usage-refused", "w-4", 0), caller);
    await().atMost(WAIT).until(() -> worker.requests.size() == 1);
    Answered bad = worker.complete("w-4", "done", -1, 3);
    assertThat(bad.getError().getCode()).isEqualTo("INVALID_ARGUMENT");
    Answered good = worker.complete("w-4", "done", 1, 3);
    assertThat(good.hasError()).as(good.getError().getMessage()).isFalse();
    assertThat(caller.ended.orTimeout(30, TimeUnit.SECONDS).join()).isNull();
    assertThat(caller.chunks).extracting(ReplyChunk::getCompletionTokens).containsExactly(3L);
    worker.cancel();
  }

  private static void sendFrom(
      ServeClient worker,
      int seq,
      AtomicInteger stored,
      AtomicReference<String> refused,
      CompletableFuture<Void> allStored) {
    worker
        .replyAsync("w-1", new byte[64 * 1024])
        .thenAcceptAsync(
            answered -> {
              if (answered.hasError()) {
                refused.set(answered.getError().getMessage());
                allStored.complete(null);
              } else if (stored.incrementAndGet() == CHUNKS) {
                allStored.complete(null);
              } else {
                sendFrom(worker, seq + 1, stored, refused, allStored);
              }
            });
  }

  private static RequestCall call(String topic, String id, int window) {
    return RequestCall.newBuilder()
        .setTimeoutMillis(120_000)
        .setWindow(window)
        .setMessage(
            Message.newBuilder()
                .setTopic(topic)
                .setId(id)
                .setPayload(ByteString.copyFromUtf8("stream it")))
        .build();
  }

  // White box on purpose: the reply stream's state (chunks, outcome, deadline) has no public
  // API (RequestSide answers only topicOf), so the test reaches the engine behind the facade.
  private Description describe(String requestId) {
    return ((io.switchboard.internal.request.Requests)
            io.switchboard.Switchboard.get(node.node().system()).requestSide())
        .describe(requestId)
        .toCompletableFuture()
        .join();
  }
}
