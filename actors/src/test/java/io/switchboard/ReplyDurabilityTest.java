package io.switchboard;

import static io.switchboard.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.message.Message;
import io.switchboard.request.ReplyChunk;
import io.switchboard.request.RequestDelivery;
import io.switchboard.request.RequestOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reply streams in the journal: they survive a node restart, and expire after the retention. */
class ReplyDurabilityTest {
  private static final Config SHORT_RETENTION =
      ConfigFactory.parseString("switchboard.requests { retention = 1s, poll-interval = 1s }");

  @TempDir Path dataDir;

  private static List<String> texts(List<ReplyChunk> chunks) {
    return chunks.stream().map(ReplyChunk::text).toList();
  }

  private static ErrorCode codeOf(CompletionStage<?> stage) {
    Throwable failure =
        stage
            .toCompletableFuture()
            .handle((ok, error) -> error)
            .orTimeout(30, java.util.concurrent.TimeUnit.SECONDS)
            .join();
    while (failure instanceof CompletionException && failure.getCause() != null) {
      failure = failure.getCause();
    }
    assertThat(failure).isInstanceOf(SwitchboardException.class);
    return ((SwitchboardException) failure).code();
  }

  @Test
  void aReattachAfterANodeRestartGetsTheStoredChunksAndTheNewWorkerContinues() {
    Message request;
    // No coordinated shutdown on terminate: no shard handoff, no graceful leave.
    Config abrupt =
        ConfigFactory.parseString("pekko.coordinated-shutdown.run-by-actor-system-terminate = off")
            .withFallback(SHORT_RETENTION);
    try (TestNode first = new TestNode(dataDir, abrupt)) {
      Switchboard sb = first.switchboard();
      RequestWorkers.topic(sb, "survive");
      RequestWorkers worker = new RequestWorkers(sb, first.system(), "survive", "w-before");
      request = Message.builder("survive").text("tell me").build();
      sb.request(request, RequestOptions.timeout(Duration.ofMinutes(2)))
          .runWith(Sink.ignore(), first.system());
      RequestDelivery taken = worker.next();
      for (int i = 1; i <= 3; i++) {
        result(taken.reply("t" + i)); // stored: the stage completes after the journal write
      }
    } // the node stops abruptly with the request in flight and its caller gone

    try (TestNode second = new TestNode(dataDir, SHORT_RETENTION)) {
      Switchboard sb = second.switchboard();
      CompletionStage<List<ReplyChunk>> rest =
          sb.replies(request.id(), 1).runWith(Sink.seq(), second.system());
      RequestWorkers worker = new RequestWorkers(sb, second.system(), "survive", "w-after");
      RequestDelivery taken = worker.next();
      assertThat(texts(taken.streamed())).containsExactly("t1", "t2", "t3");
      result(taken.reply("t4"));
      result(taken.complete("done"));
      List<ReplyChunk> chunks = result(rest);
      assertThat(texts(chunks)).containsExactly("t2", "t3", "t4", "done");
      assertThat(chunks).extracting(ReplyChunk::seq).containsExactly(2L, 3L, 4L, 5L);
      result(worker.control.stop());
    }
  }

  @Test
  void aReattachAfterTheRetentionIsExpiredAndAnUnknownIdIsUnknown() {
    try (TestNode node = new TestNode(dataDir, SHORT_RETENTION)) {
      Switchboard sb = node.switchboard();
      RequestWorkers.topic(sb, "expire");
      RequestWorkers worker = new RequestWorkers(sb, node.system(), "expire", "w-expire");
      Message request = Message.builder("expire").text("short lived").build();
      CompletionStage<List<ReplyChunk>> answer =
          sb.request(request, RequestOptions.timeout(Duration.ofMinutes(1)))
              .runWith(Sink.seq(), node.system());
      RequestDelivery taken = worker.next();
      result(taken.reply("t1"));
      result(taken.complete("done"));
      assertThat(texts(result(answer))).containsExactly("t1", "done");

      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  sb.replies(request.id(), 0)
                      .runWith(Sink.seq(), node.system())
                      .toCompletableFuture()
                      .handle((ok, failure) -> failure != null)
                      .join());
      assertThat(codeOf(sb.replies(request.id(), 0).runWith(Sink.seq(), node.system())))
          .isEqualTo(ErrorCode.EXPIRED);
      assertThat(codeOf(sb.replies("never-sent", 0).runWith(Sink.seq(), node.system())))
          .isEqualTo(ErrorCode.UNKNOWN_REQUEST);
      result(worker.control.stop());
    }
  }
}
