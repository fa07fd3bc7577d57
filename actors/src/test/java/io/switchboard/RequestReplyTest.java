package io.switchboard;

import static io.switchboard.Await.failure;
import static io.switchboard.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.ConfigFactory;
import io.switchboard.internal.request.ReplyProtocol.Description;
import io.switchboard.message.Message;
import io.switchboard.request.Outcome;
import io.switchboard.request.ReplyChunk;
import io.switchboard.request.RequestDelivery;
import io.switchboard.request.RequestOptions;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.javadsl.AsPublisher;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests that answer, on a real node with its RocksDB journal: order, resume, redelivery, cancel
 * (deadlines: {@link RequestDeadlinesTest}).
 */
class RequestReplyTest {
  private static final int WINDOW = 4;
  @TempDir static Path dataDir;
  static TestNode node;
  static Switchboard sb;

  @BeforeAll
  static void startNode() {
    node =
        new TestNode(
            dataDir,
            ConfigFactory.parseString(
                "switchboard.requests { window = "
                    + WINDOW
                    + ", poll-interval = 1s, lease-renew-interval = 500ms }"));
    sb = node.switchboard();
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  private static CompletionStage<List<ReplyChunk>> send(Message request, Duration timeout) {
    return sb.request(request, RequestOptions.timeout(timeout)).runWith(Sink.seq(), node.system());
  }

  private static List<String> texts(List<ReplyChunk> chunks) {
    return chunks.stream().map(ReplyChunk::text).toList();
  }

  @Test
  void streamsChunksInOrderThenTheFinalReplyAndResumesAfterACursor() {
    RequestWorkers.topic(sb, "order");
    RequestWorkers worker = new RequestWorkers(sb, node.system(), "order", "w-order");
    Message request = Message.builder("order").text("count to ten").build();
    CompletionStage<List<ReplyChunk>> answer = send(request, Duration.ofMinutes(1));

    RequestDelivery taken = worker.next();
    assertThat(taken.requestId()).isEqualTo(request.id());
    assertThat(taken.streamed()).isEmpty();
    for (int i = 1; i <= 10; i++) {
      result(taken.reply("t" + i)); // more than the window: the caller must read for these to go on
    }
    result(taken.complete("done"));
    assertThat(failure(taken.reply("late")).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);

    List<ReplyChunk> chunks = result(answer);
    assertThat(chunks)
        .extracting(ReplyChunk::seq)
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
    assertThat(texts(chunks))
        .containsExactly("t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9", "t10", "done");
    assertThat(chunks).extracting(ReplyChunk::last).containsOnlyOnce(true).last().isEqualTo(true);

    // Reattach: what follows the cursor, then the end; at the final reply's cursor nothing.
    List<ReplyChunk> rest = result(sb.replies(request.id(), 7).runWith(Sink.seq(), node.system()));
    assertThat(texts(rest)).containsExactly("t8", "t9", "t10", "done");
    assertThat(result(sb.replies(request.id(), 11).runWith(Sink.seq(), node.system()))).isEmpty();
    assertThat(failure(sb.replies(request.id(), 12).runWith(Sink.seq(), node.system())).code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    // Completing acknowledged the request.
    await().atMost(Duration.ofSeconds(10)).until(() -> result(sb.stats("order")).stored() == 0);
    result(worker.control.stop());
  }

  @Test
  void holdsTheWorkerWhileTheCallerDoesNotRead() throws InterruptedException {
    RequestWorkers.topic(sb, "slow-reader");
    RequestWorkers worker = new RequestWorkers(sb, node.system(), "slow-reader", "w-slow");
    Message request = Message.builder("slow-reader").text("stream").build();
    ManualSubscriber<ReplyChunk> caller = new ManualSubscriber<>();
    // A sink buffers (16 by default): with a buffer of 1 the caller holds only what it asked for.
    sb.request(request, RequestOptions.timeout(Duration.ofMinutes(1)))
        .toMat(Sink.asPublisher(AsPublisher.WITHOUT_FANOUT), Keep.right())
        .addAttributes(Attributes.inputBuffer(1, 1))
        .run(node.system())
        .subscribe(caller);

    RequestDelivery taken = worker.next();
    // Two windows sent at once: the caller reads nothing more, so the reply stream stores a
    // window past the caller's cursor and holds the rest (their stages stay incomplete).
    List<CompletionStage<?>> replies = new ArrayList<>();
    for (int i = 1; i <= 2 * WINDOW; i++) {
      replies.add(taken.reply("t" + i));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              Description d = describe(request);
              return d.stored() + d.waitingAppends() == 2 * WINDOW;
            });
    Description held = describe(request);
    assertThat(held.stored() - held.readCursor()).isEqualTo(WINDOW);
    assertThat(held.waitingAppends()).isPositive();
    assertThat(replies.get((int) held.stored()).toCompletableFuture()).isNotDone();

    List<String> read = new ArrayList<>();
    for (int i = 0; i < 2 * WINDOW; i++) {
      read.add(caller.next().text());
    }
    replies.forEach(Await::result); // the caller made room: every held chunk is stored
    result(taken.complete("done"));
    read.add(caller.next().text());
    assertThat(read).containsExactly("t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "done");
    caller.done.orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
    result(worker.control.stop());
  }

  // White box on purpose: the reply stream's state (chunks, outcome, deadline) has no public
  // API (RequestSide answers only topicOf), so the test reaches the engine behind the facade.
  private static Description describe(Message request) {
    return result(
        ((io.switchboard.internal.request.Requests) sb.requestSide()).describe(request.id()));
  }

  @Test
  void redeliveryToAnotherWorkerCarriesTheStreamedChunksAndTheCallerSeesOneStream() {
    RequestWorkers.topic(sb, "migrate");
    RequestWorkers first = new RequestWorkers(sb, node.system(), "migrate", "w-first");
    Message request = Message.builder("migrate").text("long answer").build();
    CompletionStage<List<ReplyChunk>> answer = send(request, Duration.ofMinutes(1));

    RequestDelivery a = first.next();
    for (int i = 1; i <= 3; i++) {
      result(a.reply("t" + i));
    }
    // The first worker goes away mid-stream without answering: the request goes to the next one.
    result(first.control.stop());
    RequestWorkers second = new RequestWorkers(sb, node.system(), "migrate", "w-second");
    RequestDelivery b = second.next();
    assertThat(b.attempt()).isEqualTo(2);
    assertThat(texts(b.streamed())).containsExactly("t1", "t2", "t3");
    assertThat(b.streamed()).extracting(ReplyChunk::seq).containsExactly(1L, 2L, 3L);
    // The old worker's late chunk is refused: it no longer owns the request.
    assertThat(failure(a.reply("stale")).code()).isEqualTo(ErrorCode.CANCELLED);
    result(b.reply("t4"));
    result(b.reply("t5"));
    result(b.complete("done"));

    List<ReplyChunk> chunks = result(answer);
    assertThat(texts(chunks)).containsExactly("t1", "t2", "t3", "t4", "t5", "done");
    assertThat(chunks).extracting(ReplyChunk::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    await().atMost(Duration.ofSeconds(10)).until(() -> result(sb.stats("migrate")).stored() == 0);
    result(second.control.stop());
  }

  @Test
  void aWorkerWhoseLeaseEndsIsSupersededAndTheRedeliveryContinuesTheStream() {
    Await.result(
        sb.createTopic(
            TopicConfig.of("stuck").withPartitions(1).withAckLease(Duration.ofSeconds(3))));
    Await.result(sb.createGroup("stuck", RequestWorkers.GROUP, GroupConfig.DEFAULT));
    RequestWorkers worker = new RequestWorkers(sb, node.system(), "stuck", "w-stuck");
    Message request = Message.builder("stuck").text("think hard").build();
    CompletionStage<List<ReplyChunk>> answer = send(request, Duration.ofMinutes(1));

    RequestDelivery first = worker.next();
    result(first.reply("t1"));
    result(first.reply("t2"));
    // The worker never completes: past its lease the request is given out again (here to the
    // same worker), with what it streamed; the first delivery is told to stop.
    RequestDelivery second = worker.next();
    assertThat(second.attempt()).isEqualTo(2);
    assertThat(texts(second.streamed())).containsExactly("t1", "t2");
    assertThat(result(first.cancelled())).isEqualTo(Outcome.SUPERSEDED);
    result(second.reply("t3"));
    result(second.complete("done"));
    assertThat(texts(result(answer))).containsExactly("t1", "t2", "t3", "done");
    await().atMost(Duration.ofSeconds(10)).until(() -> result(sb.stats("stuck")).stored() == 0);
    result(worker.control.stop());
  }

  @Test
  void aWorkerThatKeepsStreamingKeepsItsRequestPastTheLease() {
    Await.result(
        sb.createTopic(
            TopicConfig.of("long-answer").withPartitions(1).withAckLease(Duration.ofSeconds(2))));
    Await.result(sb.createGroup("long-answer", RequestWorkers.GROUP, GroupConfig.DEFAULT));
    RequestWorkers worker = new RequestWorkers(sb, node.system(), "long-answer", "w-long");
    Message request = Message.builder("long-answer").text("write an essay").build();
    CompletionStage<List<ReplyChunk>> answer = send(request, Duration.ofMinutes(1));

    RequestDelivery taken = worker.next();
    // The worker's own pace: 250 ms per token, 16 tokens, twice the topic's 2 s lease.
    for (int i = 1; i <= 16; i++) {
      String token = "t" + i;
      result(
          Patterns.after(
              Duration.ofMillis(250),
              node.system().classicSystem().scheduler(),
              node.system().executionContext(),
              () -> taken.reply(token)));
    }
    result(taken.complete("done"));
    assertThat(taken.isCancelled()).isFalse();
    assertThat(texts(result(answer))).hasSize(17).endsWith("done");
    assertThat(worker.taken)
        .isEmpty(); // never given out again: each stored chunk renewed the lease
    result(worker.control.stop());
  }

  @Test
  void cancellingTheCallersStreamCancelsTheWorkAndSettlesTheRequest() {
    RequestWorkers.topic(sb, "cancel");
    RequestWorkers worker = new RequestWorkers(sb, node.system(), "cancel", "w-cancel");
    Message request = Message.builder("cancel").text("never mind").build();
    CompletionStage<List<ReplyChunk>> firstOnly =
        sb.request(request, RequestOptions.timeout(Duration.ofMinutes(1)))
            .take(1)
            .runWith(Sink.seq(), node.system());

    RequestDelivery taken = worker.next();
    result(taken.reply("t1"));
    assertThat(texts(result(firstOnly))).containsExactly("t1");
    assertThat(result(taken.cancelled())).isEqualTo(Outcome.CANCELLED);
    assertThat(failure(taken.reply("t2")).code()).isEqualTo(ErrorCode.CANCELLED);
    // Settled, not failed: it is never given to a worker again.
    await().atMost(Duration.ofSeconds(10)).until(() -> result(sb.stats("cancel")).stored() == 0);
    assertThat(worker.taken).isEmpty();
    assertThat(failure(sb.replies(request.id(), 1).runWith(Sink.seq(), node.system())).code())
        .isEqualTo(ErrorCode.CANCELLED);
    result(worker.control.stop());
  }

  @Test
  void aCallerThatCancelsAtOnceCancelsTheRequestBeforeItStarts() {
    RequestWorkers.topic(sb, "cancel-early");
    Message request = Message.builder("cancel-early").text("never mind").build();
    // Cancelled before the request was even accepted (take(0) cancels on materialization).
    result(
        sb.request(request, RequestOptions.timeout(Duration.ofMinutes(1)))
            .take(0)
            .runWith(Sink.seq(), node.system()));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> describe(request).outcome() == Outcome.CANCELLED);
    RequestWorkers worker = new RequestWorkers(sb, node.system(), "cancel-early", "w-cancel-early");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> result(sb.stats("cancel-early")).stored() == 0);
    assertThat(worker.taken).isEmpty(); // settled by the worker's source without starting it
    result(worker.control.stop());
  }

  @Test
  void aFailedRequestEndsTheCallersStreamWithTheReason() {
    RequestWorkers.topic(sb, "fails");
    RequestWorkers worker = new RequestWorkers(sb, node.system(), "fails", "w-fails");
    Message request = Message.builder("fails").text("bad prompt").build();
    CompletionStage<List<ReplyChunk>> answer = send(request, Duration.ofMinutes(1));

    RequestDelivery taken = worker.next();
    result(taken.reply("t1"));
    result(taken.fail("prompt too long for this model"));
    SwitchboardException failed = failure(answer);
    assertThat(failed.code()).isEqualTo(ErrorCode.REQUEST_FAILED);
    assertThat(failed.getMessage()).contains("prompt too long");
    // read after the failure was stored: the chunk, then the error (not a stream that just ends)
    List<ReplyChunk> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    SwitchboardException reread =
        failure(
            sb.replies(request.id(), 0)
                .map(
                    chunk -> {
                      seen.add(chunk);
                      return chunk;
                    })
                .runWith(Sink.seq(), node.system()));
    assertThat(reread.code()).isEqualTo(ErrorCode.REQUEST_FAILED);
    assertThat(texts(seen)).containsExactly("t1");
    await().atMost(Duration.ofSeconds(10)).until(() -> result(sb.stats("fails")).stored() == 0);
    result(worker.control.stop());
  }

  @Test
  void anOversizeChunkIsRefusedAndTheStreamGoesOn() {
    RequestWorkers.topic(sb, "oversize");
    RequestWorkers worker = new RequestWorkers(sb, node.system(), "oversize", "w-oversize");
    Message request = Message.builder("oversize").text("big").build();
    CompletionStage<List<ReplyChunk>> answer = send(request, Duration.ofMinutes(1));

    RequestDelivery taken = worker.next();
    byte[] tooBig = new byte[sb.limits().maxPayloadBytes() + 1];
    assertThat(failure(taken.reply(tooBig)).code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
    assertThat(failure(taken.complete(tooBig)).code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
    result(taken.reply("t1"));
    result(taken.complete("done"));
    assertThat(result(answer)).extracting(ReplyChunk::seq).containsExactly(1L, 2L);
    result(worker.control.stop());
  }

  @Test
  void reattachingToAnUnknownIdIsUnknownRequest() {
    assertThat(failure(sb.replies("no-such-request", 0).runWith(Sink.seq(), node.system())).code())
        .isEqualTo(ErrorCode.UNKNOWN_REQUEST);
  }

  @Test
  void aRequestWithAReservedHeaderIsRefused() {
    Message forged =
        Message.builder("order").header("switchboard-request-deadline", "0").text("x").build();
    assertThat(
            failure(sb.request(forged, RequestOptions.DEFAULT).runWith(Sink.seq(), node.system()))
                .code())
        .isEqualTo(ErrorCode.INVALID_MESSAGE);
  }

  @Test
  void sendsItsPriorityTenantCostAndAffinityKeyWithTheRequest() {
    RequestWorkers.topic(sb, "options");
    RequestWorkers worker = new RequestWorkers(sb, node.system(), "options", "w-options");
    Message prompt = Message.builder("options").key("ignored").text("hello").build();
    RequestOptions options =
        RequestOptions.timeout(Duration.ofMinutes(1))
            .withPriority("interactive")
            .withTenant("acme")
            .withCost(1_200)
            .withAffinityKey("conversation-9");
    CompletionStage<List<ReplyChunk>> answer =
        sb.request(prompt, options).runWith(Sink.seq(), node.system());

    RequestDelivery taken = worker.next();
    assertThat(taken.message().key()).isEqualTo("conversation-9");
    assertThat(taken.message().headers())
        .containsEntry("switchboard-priority", "interactive")
        .containsEntry("switchboard-tenant", "acme")
        .containsEntry("switchboard-cost", "1200");
    result(taken.complete("done"));
    assertThat(texts(result(answer))).containsExactly("done");
    result(worker.control.stop());
  }

  @Test
  void aRequestNamingAnUnknownPriorityBandIsRefused() {
    RequestOptions options = RequestOptions.DEFAULT.withPriority("urgent");
    SwitchboardException refused =
        failure(
            sb.request(Message.builder("order").text("x").build(), options)
                .runWith(Sink.seq(), node.system()));
    assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(refused.getMessage()).contains("urgent", "switchboard.priority.bands");
    assertThatThrownBy(() -> RequestOptions.DEFAULT.withCost(-1))
        .isInstanceOf(SwitchboardException.class);
  }
}
