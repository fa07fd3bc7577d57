package io.switchboard;

import static io.switchboard.Await.result;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.ConfigFactory;
import io.switchboard.message.Message;
import io.switchboard.request.Outcome;
import io.switchboard.request.ReplyChunk;
import io.switchboard.request.RequestDelivery;
import io.switchboard.request.RequestOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests between two Artery nodes (callers on one, the worker on the other, reply streams on
 * both): every request and reply message crosses the wire in CBOR. The journal is a shared H2 file,
 * as in {@link TwoNodeClusterTest}.
 */
class RequestAcrossNodesTest {
  private static final int REQUESTS = 8;

  @TempDir Path dataDir;

  @Test
  void callersOnOneNodeReadWhatAWorkerOnTheOtherStreams() {
    var config =
        ConfigFactory.parseString(
            """
        pekko.cluster.min-nr-of-members = 1
        pekko.persistence.journal.plugin = jdbc-journal
        pekko.persistence.snapshot-store.plugin = jdbc-snapshot-store
        """);
    try (TestNode callers = new TestNode(dataDir, config);
        TestNode workers = new TestNode(dataDir, config, callers.address())) {
      await().atMost(Duration.ofSeconds(30)).until(() -> bothUp(callers));
      RequestWorkers.topic(callers.switchboard(), "remote");
      RequestWorkers worker =
          new RequestWorkers(workers.switchboard(), workers.system(), "remote", "w-remote");

      Map<String, CompletionStage<List<ReplyChunk>>> answers = new HashMap<>();
      List<Message> sent = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        Message request = Message.builder("remote").key("k" + i).text("q" + i).build();
        sent.add(request);
        answers.put(
            request.id(),
            callers
                .switchboard()
                .request(request, RequestOptions.timeout(Duration.ofMinutes(1)))
                .runWith(Sink.seq(), callers.system()));
      }
      Message toCancel = Message.builder("remote").text("cancel me").build();
      CompletionStage<List<ReplyChunk>> cancelled =
          callers
              .switchboard()
              .request(toCancel, RequestOptions.timeout(Duration.ofMinutes(1)))
              .take(1)
              .runWith(Sink.seq(), callers.system());

      RequestDelivery cancelledOne = null;
      for (int i = 0; i < REQUESTS + 1; i++) {
        RequestDelivery taken = worker.next();
        if (taken.requestId().equals(toCancel.id())) {
          cancelledOne = taken;
          result(taken.reply("only"));
          continue;
        }
        String question = new String(taken.message().payload(), UTF_8);
        result(taken.reply(question + "-a"));
        result(taken.reply(question + "-b"));
        result(taken.complete(question + "-done"));
      }
      for (Message request : sent) {
        String q = new String(request.payload(), UTF_8);
        assertThat(result(answers.get(request.id())))
            .extracting(ReplyChunk::text)
            .containsExactly(q + "-a", q + "-b", q + "-done");
      }
      assertThat(result(cancelled)).extracting(ReplyChunk::text).containsExactly("only");
      assertThat(result(cancelledOne.cancelled())).isEqualTo(Outcome.CANCELLED);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> result(callers.switchboard().stats("remote")).stored() == 0);
      result(worker.control.stop());
    }
  }

  private static boolean bothUp(TestNode node) {
    int up = 0;
    for (var member : Cluster.get(node.system()).state().getMembers()) {
      up += member.status() == MemberStatus.up() ? 1 : 0;
    }
    return up == 2;
  }
}
