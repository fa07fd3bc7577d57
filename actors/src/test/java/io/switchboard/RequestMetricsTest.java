package io.switchboard;

import static io.switchboard.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.ConfigFactory;
import io.switchboard.message.Message;
import io.switchboard.request.Outcome;
import io.switchboard.request.RecordingRequestMetrics;
import io.switchboard.request.ReplyChunk;
import io.switchboard.request.RequestDelivery;
import io.switchboard.request.RequestOptions;
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

/** What the request path reports to {@code Switchboard.observeRequests}, on a real node. */
class RequestMetricsTest {
  @TempDir static Path dataDir;
  static TestNode node;
  static Switchboard sb;
  RecordingRequestMetrics metrics;

  @BeforeAll
  static void startNode() {
    node =
        new TestNode(
            dataDir,
            ConfigFactory.parseString(
                "switchboard.requests { poll-interval = 1s, retention = 3s }"));
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

  private static CompletionStage<List<ReplyChunk>> send(Message request, Duration timeout) {
    return sb.request(request, RequestOptions.timeout(timeout)).runWith(Sink.seq(), node.system());
  }

  private static ErrorCode codeOf(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SwitchboardException e) {
        return e.code();
      }
    }
    return null;
  }

  @Test
  void aCompletedRequestCountsItsOutcomeChunksBytesAndTimings() {
    RequestWorkers.topic(sb, "metered");
    RequestWorkers worker = new RequestWorkers(sb, node.system(), "metered", "w-metered");
    CompletionStage<List<ReplyChunk>> answer =
        send(Message.builder("metered").text("go").build(), Duration.ofMinutes(1));

    RequestDelivery taken = worker.next();
    result(taken.reply("ab"));
    result(taken.reply("cde"));
    result(taken.reply("f"));
    result(taken.complete("done"));
    assertThat(result(answer)).hasSize(4);

    await().atMost(Duration.ofSeconds(10)).until(() -> metrics.endedCount(Outcome.COMPLETED) == 1);
    assertThat(metrics.chunks.get()).isEqualTo(4); // three chunks and the final reply
    assertThat(metrics.bytes.get()).isEqualTo(2 + 3 + 1 + 4);
    assertThat(metrics.firstChunks).hasSize(1);
    assertThat(metrics.gaps).hasSize(2);
    // No priority or tenant header: both labels are "default".
    assertThat(metrics.queueWaits).containsOnlyKeys("default/default");
    assertThat(metrics.queueWaits.get("default/default")).hasSize(1);
    result(worker.control.stop());
  }

  @Test
  void failedCancelledAndTimedOutRequestsAreCountedByOutcomeAndLateRepliesAsRefused() {
    RequestWorkers.topic(sb, "metered-ends");
    RequestWorkers worker = new RequestWorkers(sb, node.system(), "metered-ends", "w-metered-ends");

    CompletionStage<List<ReplyChunk>> failing =
        send(Message.builder("metered-ends").text("f").build(), Duration.ofMinutes(1));
    result(worker.next().fail("no GPU"));
    assertThatThrownBy(() -> result(failing)).hasMessageContaining("no GPU");

    CompletionStage<List<ReplyChunk>> firstOnly =
        sb.request(
                Message.builder("metered-ends").text("c").build(),
                RequestOptions.timeout(Duration.ofMinutes(1)))
            .take(1)
            .runWith(Sink.seq(), node.system());
    RequestDelivery cancelled = worker.next();
    result(cancelled.reply("t1"));
    result(firstOnly);
    assertThat(result(cancelled.cancelled())).isEqualTo(Outcome.CANCELLED);
    assertThatThrownBy(() -> result(cancelled.reply("t2"))).hasMessageContaining("cancelled");

    result(worker.control.stop());
    CompletionStage<List<ReplyChunk>> timingOut =
        send(Message.builder("metered-ends").text("d").build(), Duration.ofMillis(300));
    assertThatThrownBy(() -> result(timingOut)).hasMessageContaining("deadline");

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(metrics.endedCount(Outcome.FAILED)).isEqualTo(1);
              assertThat(metrics.endedCount(Outcome.CANCELLED)).isEqualTo(1);
              assertThat(metrics.endedCount(Outcome.DEADLINE_EXCEEDED)).isEqualTo(1);
              assertThat(metrics.refusedCount("cancelled")).isEqualTo(1);
            });
  }

  @Test
  void aReattachAfterTheRetentionWindowCountsAsExpired() {
    RequestWorkers.topic(sb, "metered-expiry");
    RequestWorkers worker =
        new RequestWorkers(sb, node.system(), "metered-expiry", "w-metered-expiry");
    Message request = Message.builder("metered-expiry").text("go").build();
    CompletionStage<List<ReplyChunk>> answer = send(request, Duration.ofMinutes(1));
    result(worker.next().complete("done"));
    result(answer);
    result(worker.control.stop());

    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                sb.replies(request.id(), 0)
                    .runWith(Sink.seq(), node.system())
                    .toCompletableFuture()
                    .handle((ok, failure) -> codeOf(failure) == ErrorCode.EXPIRED)
                    .join());
    assertThat(metrics.expired.get()).isGreaterThanOrEqualTo(1);
  }
}
