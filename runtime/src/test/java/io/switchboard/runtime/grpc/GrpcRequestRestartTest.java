package io.switchboard.runtime.grpc;

import static io.switchboard.runtime.grpc.GrpcNode.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.switchboard.internal.request.ReplyProtocol.Description;
import io.switchboard.protocol.v1.Answered;
import io.switchboard.protocol.v1.GroupStats;
import io.switchboard.protocol.v1.Message;
import io.switchboard.protocol.v1.RepliesRequest;
import io.switchboard.protocol.v1.RequestCall;
import io.switchboard.protocol.v1.RequestToServe;
import io.switchboard.request.Outcome;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The reattach grace across a node stop, over gRPC against a real node restarted on the same
 * embedded journal: a caller that left within the grace reattaches after the restart and gets the
 * rest; one that never comes back has its request cancelled after the grace, never run again.
 */
class GrpcRequestRestartTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void aCallerDetachedBeforeARestartReattachesAfterItAndGetsTheRest() throws IOException {
    GrpcNode node =
        GrpcNode.start(
            "switchboard.requests.reattach-grace = 60s", "switchboard.requests.poll-interval = 1s");
    try {
      node.createTopic("survive", 1, "workers");
      ServeClient worker = ServeClient.subscribe(node.async(), "survive", "workers", 1);
      ReplyProbe<RequestCall> caller = request(node, "survive", "r-1");
      await().atMost(WAIT).until(() -> worker.requests.size() == 1);
      assertStored(worker.reply("r-1", "a"));
      assertStored(worker.reply("r-1", "b"));
      await().atMost(WAIT).until(() -> caller.chunks.size() == 2);
      caller.cut();
      GrpcNode before = node;
      await().atMost(WAIT).until(() -> describe(before, "r-1").detached());

      node = node.restart();
      GrpcNode after = node;
      assertThat(describe(after, "r-1").detached())
          .as("the detach is recovered from the journal")
          .isTrue();
      ServeClient next = ServeClient.subscribe(after.async(), "survive", "workers", 1);
      await().atMost(WAIT).until(() -> next.requests.size() == 1);
      RequestToServe again = next.requests.get(0);
      assertThat(again.getStreamedList())
          .extracting(c -> c.getPayload().toStringUtf8())
          .containsExactly("a", "b");

      ReplyProbe<RepliesRequest> back = new ReplyProbe<>();
      after
          .async()
          .replies(RepliesRequest.newBuilder().setRequestId("r-1").setCursor(2).build(), back);
      await().atMost(WAIT).until(() -> !describe(after, "r-1").detached());
      assertStored(next.reply("r-1", "c"));
      assertStored(next.complete("r-1", "end"));
      assertThat(back.ended.orTimeout(30, TimeUnit.SECONDS).join()).isNull();
      assertThat(back.texts()).containsExactly("3:c", "4:end!");
      assertThat(next.stopped).isEmpty();
      next.cancel();
    } finally {
      node.close();
    }
  }

  @Test
  void aCallerThatNeverComesBackIsCancelledAfterTheGraceAlsoAcrossARestart() throws IOException {
    GrpcNode node =
        GrpcNode.start(
            "switchboard.requests.reattach-grace = 3s", "switchboard.requests.poll-interval = 1s");
    try {
      node.createTopic("left", 1, "workers");
      ServeClient worker = ServeClient.subscribe(node.async(), "left", "workers", 1);
      ReplyProbe<RequestCall> caller = request(node, "left", "r-2");
      await().atMost(WAIT).until(() -> worker.requests.size() == 1);
      assertStored(worker.reply("r-2", "a"));
      await().atMost(WAIT).until(() -> caller.chunks.size() == 1);
      caller.cut();
      GrpcNode before = node;
      await().atMost(WAIT).until(() -> describe(before, "r-2").detached());

      node = node.restart();
      GrpcNode after = node;
      // A worker comes back and the request is given out again: it is cancelled at the grace,
      // whether the grace ran out while the node was down (never started again) or after (stopped).
      ServeClient next = ServeClient.subscribe(after.async(), "left", "workers", 1);
      await().atMost(WAIT).until(() -> describe(after, "r-2").outcome() == Outcome.CANCELLED);
      await().atMost(WAIT).until(() -> next.stopped.size() == next.requests.size());
      next.stopped.forEach(stop -> assertThat(stop.getOutcome()).isEqualTo("CANCELLED"));
      // Settled, not redelivered: nothing waits or runs in the group.
      await()
          .atMost(WAIT)
          .until(
              () -> {
                GroupStats group = after.groupStats("left", "workers");
                return group.getBacklog() == 0 && group.getInFlight() == 0;
              });
      ReplyProbe<RepliesRequest> late = new ReplyProbe<>();
      after
          .async()
          .replies(RepliesRequest.newBuilder().setRequestId("r-2").setCursor(1).build(), late);
      assertThat(
              assertRefused(
                      late.ended.orTimeout(30, TimeUnit.SECONDS).join(),
                      Status.Code.CANCELLED,
                      "CANCELLED")
                  .getMessage())
          .contains("reattach-grace");
      next.cancel();
    } finally {
      node.close();
    }
  }

  private static ReplyProbe<RequestCall> request(GrpcNode node, String topic, String id) {
    ReplyProbe<RequestCall> caller = new ReplyProbe<>();
    node.async()
        .request(
            RequestCall.newBuilder()
                .setTimeoutMillis(300_000)
                .setMessage(
                    Message.newBuilder()
                        .setTopic(topic)
                        .setId(id)
                        .setPayload(ByteString.copyFromUtf8("long answer")))
                .build(),
            caller);
    return caller;
  }

  // White box on purpose: the reply stream's state (chunks, outcome, deadline) has no public
  // API (RequestSide answers only topicOf), so the test reaches the engine behind the facade.
  private static Description describe(GrpcNode node, String requestId) {
    return ((io.switchboard.internal.request.Requests)
            io.switchboard.Switchboard.get(node.node().system()).requestSide())
        .describe(requestId)
        .toCompletableFuture()
        .join();
  }

  private static void assertStored(Answered answered) {
    assertThat(answered.hasError()).as(answered.getError().getMessage()).isFalse();
  }
}
