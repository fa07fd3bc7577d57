package io.switchboard;

import static io.switchboard.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.internal.journal.JournalCounts;
import io.switchboard.message.Message;
import io.switchboard.request.ReplyChunk;
import io.switchboard.request.RequestDelivery;
import io.switchboard.request.RequestOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.IntStream;
import org.apache.pekko.Done;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reply stream stores the appends that queue behind a write in one journal write (adaptive
 * batching).
 */
class ReplyBatchingTest {
  private static final int BURST = 24; // under the window (32): all of it may be stored at once

  @TempDir Path dataDir;

  @Test
  void aBurstOfAppendsIsStoredInFewerWritesThanChunksAndReadsBackInOrderAfterARestart() {
    Message request;
    Config abrupt =
        ConfigFactory.parseString("pekko.coordinated-shutdown.run-by-actor-system-terminate = off");
    try (TestNode first = new TestNode(dataDir, abrupt)) {
      Switchboard sb = first.switchboard();
      RequestWorkers.topic(sb, "burst");
      RequestWorkers worker = new RequestWorkers(sb, first.system(), "burst", "w-burst");
      request = Message.builder("burst").text("many tokens").build();
      sb.request(request, RequestOptions.timeout(Duration.ofMinutes(2)))
          .runWith(Sink.ignore(), first.system());
      RequestDelivery taken = worker.next();
      long writesBefore = JournalCounts.writes(first.system());
      long eventsBefore = JournalCounts.events(first.system());
      // One thread, one entity: the appends arrive in seq order while the first write is in flight.
      List<CompletableFuture<Done>> stored = new ArrayList<>();
      IntStream.rangeClosed(1, BURST)
          .forEach(i -> stored.add(taken.reply("t" + i).toCompletableFuture()));
      result(CompletableFuture.allOf(stored.toArray(new CompletableFuture<?>[0])));
      long writes = JournalCounts.writes(first.system()) - writesBefore;
      long events = JournalCounts.events(first.system()) - eventsBefore;
      // Other entities (sharding, the partition) may write meanwhile: a few events and writes of
      // theirs.
      assertThat(events).as("one event per chunk").isBetween((long) BURST, BURST + 4L);
      assertThat(writes)
          .as("journal writes for %d chunks (%d events)", BURST, events)
          .isLessThan(BURST / 2);
    } // the node stops abruptly with the request in flight

    try (TestNode second = new TestNode(dataDir)) {
      Switchboard sb = second.switchboard();
      CompletionStage<List<ReplyChunk>> all =
          sb.replies(request.id(), 0).runWith(Sink.seq(), second.system());
      RequestWorkers worker = new RequestWorkers(sb, second.system(), "burst", "w-after");
      RequestDelivery taken = worker.next();
      List<String> expected = IntStream.rangeClosed(1, BURST).mapToObj(i -> "t" + i).toList();
      assertThat(taken.streamed()).extracting(ReplyChunk::text).containsExactlyElementsOf(expected);
      result(taken.complete("done"));
      List<ReplyChunk> chunks = result(all);
      assertThat(chunks)
          .extracting(ReplyChunk::seq)
          .containsExactlyElementsOf(
              IntStream.rangeClosed(1, BURST + 1).mapToObj(i -> (long) i).toList());
      assertThat(chunks.subList(0, BURST))
          .extracting(ReplyChunk::text)
          .containsExactlyElementsOf(expected);
      result(worker.control.stop());
    }
  }
}
