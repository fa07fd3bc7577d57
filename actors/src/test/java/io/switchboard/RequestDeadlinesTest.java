package io.switchboard;

import static io.switchboard.Await.failure;
import static io.switchboard.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.ConfigFactory;
import io.switchboard.internal.deadletter.DeadLetter;
import io.switchboard.message.Message;
import io.switchboard.request.Outcome;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request's deadline, on a real node with its RocksDB journal: one still queued at it is dead
 * lettered (by the worker's source, or by its partition with no worker at all), one that passes it
 * while running stops its worker.
 */
class RequestDeadlinesTest {
  @TempDir static Path dataDir;
  static TestNode node;
  static Switchboard sb;

  @BeforeAll
  static void startNode() {
    node =
        new TestNode(dataDir, ConfigFactory.parseString("switchboard.requests.poll-interval = 1s"));
    sb = node.switchboard();
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  private static CompletionStage<List<ReplyChunk>> send(Message request, Duration timeout) {
    return sb.request(request, RequestOptions.timeout(timeout)).runWith(Sink.seq(), node.system());
  }

  @Test
  void aRequestStillQueuedAtItsDeadlineIsNotStartedAndIsDeadLettered() {
    RequestWorkers.topic(sb, "late");
    Message request = Message.builder("late").text("too late").build();
    CompletionStage<List<ReplyChunk>> answer = send(request, Duration.ofMillis(300));

    assertThat(failure(answer).code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
    RequestWorkers worker = new RequestWorkers(sb, node.system(), "late", "w-late");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> !result(sb.deadLetters("late", 10)).isEmpty());
    Message letter = result(sb.deadLetters("late", 10)).get(0);
    assertThat(letter.id()).isEqualTo(request.id());
    assertThat(letter.headers().get(DeadLetter.REASON)).startsWith("DEADLINE_EXCEEDED");
    assertThat(worker.taken).isEmpty(); // the application never saw it
    await().atMost(Duration.ofSeconds(10)).until(() -> result(sb.stats("late")).stored() == 0);
    result(worker.control.stop());
  }

  @Test
  void aRequestQueuedPastItsDeadlineIsDeadLetteredByThePartitionWithNoWorkerAtAll() {
    RequestWorkers.topic(sb, "unserved");
    Message request = Message.builder("unserved").text("nobody is there").build();
    CompletionStage<List<ReplyChunk>> answer = send(request, Duration.ofMillis(300));

    assertThat(failure(answer).code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
    // no worker ever joins: the partition's tick (100 ms) moves it, not a delivery
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !result(sb.deadLetters("unserved", 10)).isEmpty());
    Message letter = result(sb.deadLetters("unserved", 10)).get(0);
    assertThat(letter.id()).isEqualTo(request.id());
    assertThat(letter.headers())
        .containsEntry(DeadLetter.REASON, "DEADLINE_EXCEEDED: still queued at its deadline")
        .containsEntry(DeadLetter.GROUP, RequestWorkers.GROUP);
    await().atMost(Duration.ofSeconds(10)).until(() -> result(sb.stats("unserved")).stored() == 0);
    assertThat(result(sb.stats("unserved")).groups().get(0).deadLettered()).isEqualTo(1);
  }

  @Test
  void aDeadlineThatPassesWhileRunningStopsTheWorker() {
    RequestWorkers.topic(sb, "overrun");
    RequestWorkers worker = new RequestWorkers(sb, node.system(), "overrun", "w-overrun");
    Message request = Message.builder("overrun").text("slow").build();
    CompletionStage<List<ReplyChunk>> answer = send(request, Duration.ofSeconds(4));

    RequestDelivery taken = worker.next();
    result(taken.reply("t1"));
    assertThat(result(taken.cancelled())).isEqualTo(Outcome.DEADLINE_EXCEEDED);
    assertThat(failure(taken.reply("t2")).code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
    assertThat(failure(answer).code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
    await().atMost(Duration.ofSeconds(10)).until(() -> result(sb.stats("overrun")).stored() == 0);
    result(worker.control.stop());
  }
}
