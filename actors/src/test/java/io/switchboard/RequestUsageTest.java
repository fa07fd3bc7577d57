package io.switchboard;

import static io.switchboard.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.switchboard.message.Message;
import io.switchboard.request.Outcome;
import io.switchboard.request.RecordingRequestMetrics;
import io.switchboard.request.ReplyChunk;
import io.switchboard.request.RequestDelivery;
import io.switchboard.request.RequestEndedException;
import io.switchboard.request.RequestOptions;
import io.switchboard.request.Usage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Token usage of requests that end without a final reply (failed, cancelled, past the deadline):
 * the caller's error carries it and the node counts it once, on a real node.
 */
class RequestUsageTest {
  @TempDir static Path dataDir;
  static TestNode node;
  static Switchboard sb;
  RecordingRequestMetrics metrics;

  @BeforeAll
  static void startNode() {
    node = new TestNode(dataDir);
    sb = node.switchboard();
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  @BeforeEach
  void observe() {
    metrics = new RecordingRequestMetrics();
    sb.observeRequests(metrics);
  }

  private static CompletionStage<List<ReplyChunk>> read(String requestId) {
    return sb.replies(requestId, 0).runWith(Sink.seq(), node.system());
  }

  private static RequestEndedException endOf(CompletionStage<?> stage) {
    Throwable[] caught = new Throwable[1];
    assertThatThrownBy(() -> result(stage)).satisfies(t -> caught[0] = t);
    for (Throwable t = caught[0]; t != null; t = t.getCause()) {
      if (t instanceof RequestEndedException ended) {
        return ended;
      }
    }
    throw new AssertionError("not a RequestEndedException", caught[0]);
  }

  @Test
  void aFailedRequestCarriesTheUsageItsWorkerReported() {
    RequestWorkers.topic(sb, "usage-failed");
    RequestWorkers worker = new RequestWorkers(sb, node.system(), "usage-failed", "w-failed");
    CompletionStage<List<ReplyChunk>> answer =
        sb.request(
                Message.builder("usage-failed").text("go").build(),
                RequestOptions.timeout(Duration.ofMinutes(1)))
            .runWith(Sink.seq(), node.system());

    RequestDelivery taken = worker.next();
    result(taken.reply("partial"));
    result(taken.fail("the GPU ran out of memory", Usage.of(40, 7)));

    RequestEndedException ended = endOf(answer);
    assertThat(ended.code()).isEqualTo(ErrorCode.REQUEST_FAILED);
    assertThat(ended.usage()).isEqualTo(Usage.of(40, 7));
    await().until(() -> metrics.endedCount(Outcome.FAILED) == 1);
    assertThat(metrics.tokens).containsExactly(Usage.of(40, 7));
    assertThat(endOf(read(taken.requestId())).usage()).isEqualTo(Usage.of(40, 7)); // a reattach
  }

  @Test
  void aCancelledWorkerReportsItsUsageOnceAfterTheCancel() {
    RequestWorkers.topic(sb, "usage-cancelled");
    RequestWorkers worker = new RequestWorkers(sb, node.system(), "usage-cancelled", "w-cancel");
    Message request = Message.builder("usage-cancelled").text("go").build();
    sb.requestAccepted(request, RequestOptions.timeout(Duration.ofMinutes(1)))
        .runWith(Sink.ignore(), node.system());
    RequestDelivery taken = worker.next();
    result(taken.reply("one"));
    assertThatThrownBy(() -> result(taken.reportUsage(Usage.of(1, 1))))
        .hasMessageContaining("is running"); // still running: complete or fail carry it

    sb.requestSide().cancel(request.id(), "the user closed the tab");
    assertThat(result(taken.cancelled())).isEqualTo(Outcome.CANCELLED);
    assertThat(endOf(read(request.id())).usage()).isNull(); // not reported yet
    result(taken.reportUsage(Usage.of(25, 9)));
    result(taken.reportUsage(Usage.of(25, 9))); // a retry: acknowledged, not counted again
    assertThatThrownBy(() -> result(taken.reportUsage(Usage.of(25, 10))))
        .hasMessageContaining("already");

    RequestEndedException ended = endOf(read(request.id()));
    assertThat(ended.code()).isEqualTo(ErrorCode.CANCELLED);
    assertThat(ended.usage()).isEqualTo(Usage.of(25, 9));
    assertThat(metrics.tokens).containsExactly(Usage.of(25, 9));
  }

  @Test
  void aWorkerPastTheDeadlineReportsItsUsage() {
    RequestWorkers.topic(sb, "usage-deadline");
    RequestWorkers worker = new RequestWorkers(sb, node.system(), "usage-deadline", "w-deadline");
    CompletionStage<List<ReplyChunk>> answer =
        sb.request(
                Message.builder("usage-deadline").text("go").build(),
                RequestOptions.timeout(Duration.ofSeconds(2)))
            .runWith(Sink.seq(), node.system());
    RequestDelivery taken = worker.next();
    result(taken.reply("slow"));

    assertThat(result(taken.cancelled())).isEqualTo(Outcome.DEADLINE_EXCEEDED);
    assertThat(endOf(answer).code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
    result(taken.reportUsage(Usage.of(3, 1)));

    assertThat(endOf(read(taken.requestId())).usage()).isEqualTo(Usage.of(3, 1));
    assertThat(metrics.tokens).containsExactly(Usage.of(3, 1));
  }
}
