package io.switchboard;

import static io.switchboard.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.ConfigFactory;
import io.switchboard.message.Message;
import io.switchboard.request.Outcome;
import io.switchboard.request.RequestDelivery;
import io.switchboard.request.RequestOptions;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker whose request's reply stream stops answering (the node holding it is gone, not yet
 * downed): its reply fails with TIMEOUT, and the request is given back at once, the worker told
 * SUPERSEDED, instead of staying with the worker until its ack-lease (10 minutes here) ends.
 */
class ReplyStreamLostTest {
  private static final int REQUESTS = 12;

  @TempDir Path dataDir;

  @Test
  void aReplyTheStreamDoesNotAnswerGivesTheRequestBack() {
    var config =
        ConfigFactory.parseString(
            """
        pekko.cluster.min-nr-of-members = 1
        pekko.persistence.journal.plugin = jdbc-journal
        pekko.persistence.snapshot-store.plugin = jdbc-snapshot-store
        switchboard.ask-timeout = 2s
        """);
    // the callers' node ends without leaving: its reply streams stay allocated to it, unanswered
    var vanishing =
        ConfigFactory.parseString("pekko.coordinated-shutdown.run-by-actor-system-terminate = off")
            .withFallback(config);
    try (TestNode callers = new TestNode(dataDir, vanishing);
        TestNode workers = new TestNode(dataDir, config, callers.address())) {
      await().atMost(Duration.ofSeconds(30)).until(() -> bothUp(callers));
      result(
          workers
              .switchboard()
              .createTopic(
                  TopicConfig.of("lost").withPartitions(1).withAckLease(Duration.ofMinutes(10))));
      result(workers.switchboard().createGroup("lost", RequestWorkers.GROUP, GroupConfig.DEFAULT));
      RequestWorkers worker =
          new RequestWorkers(workers.switchboard(), workers.system(), "lost", "w-lost", REQUESTS);
      for (int i = 0; i < REQUESTS; i++) {
        callers
            .switchboard()
            .request(
                Message.builder("lost").key("k" + i).text("q" + i).build(),
                RequestOptions.timeout(Duration.ofMinutes(5)))
            .runWith(Sink.ignore(), callers.system());
      }
      List<RequestDelivery> taken = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        RequestDelivery delivery = worker.next();
        result(delivery.reply("first")); // every reply stream answers while both nodes run
        taken.add(delivery);
      }

      callers.crash();

      List<RequestDelivery> unanswered = new ArrayList<>();
      for (RequestDelivery delivery : taken) {
        CompletionStage<Done> second = delivery.reply("second");
        try {
          result(second);
        } catch (CompletionException e) {
          unanswered.add(delivery);
          assertThat(Await.failure(second).code()).as("%s", e).isEqualTo(ErrorCode.TIMEOUT);
        }
      }
      // reply streams spread over both nodes: with 12, some were on the one that ended
      assertThat(unanswered).isNotEmpty();
      for (RequestDelivery delivery : unanswered) {
        assertThat(result(delivery.cancelled()))
            .as("request %s, its reply unanswered", delivery.requestId())
            .isEqualTo(Outcome.SUPERSEDED);
      }
      assertThat(taken).filteredOn(d -> !unanswered.contains(d)).noneMatch(d -> d.isCancelled());
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
