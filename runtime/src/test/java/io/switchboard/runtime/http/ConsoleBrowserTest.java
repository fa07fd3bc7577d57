package io.switchboard.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.Switchboard;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.request.Usage;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console in Debian's headless Chromium (driven by playwright-core) against a real node
 * with authentication on: one script walks every page as a user would, and the tests check what it
 * saw. Screenshots of each page land in {@code target/console-screenshots}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest {
  private static final Path SHOTS = ConsoleWalk.SHOTS;
  private static final String TOPIC = "console-orders";
  private static final String POOL = "console-llm";
  private ConsoleWalk walk;
  private JsonNode seen;

  @BeforeAll
  void walkThroughTheConsole(@TempDir Path dir) throws Exception {
    walk = ConsoleWalk.start(dir);
    serveRequests();
    seen = walk.walk("console-browser.mjs", TOPIC, POOL);
  }

  /** A worker of the request pool the script sends requests to: three chunks, then the end. */
  private void serveRequests() {
    Switchboard switchboard = Switchboard.get(walk.node().node().system());
    Executor executor = walk.node().node().system().executionContext();
    switchboard.createTopic(TopicConfig.of(POOL).withPartitions(1)).toCompletableFuture().join();
    switchboard.createGroup(POOL, "gpus", GroupConfig.DEFAULT).toCompletableFuture().join();
    switchboard
        .requests(POOL, "gpus", ConsumerSettings.defaults())
        .mapAsync(
            4,
            request ->
                request
                    .reply("Hel")
                    .thenComposeAsync(d -> request.reply("lo"), executor)
                    .thenComposeAsync(
                        // each answer reports 4 prompt and 3 completion tokens
                        d ->
                            request.complete("!".getBytes(StandardCharsets.UTF_8), new Usage(4, 3)),
                        executor))
        .runWith(Sink.ignore(), walk.node().node().system());
  }

  @AfterAll
  void stop() {
    if (walk != null) {
      walk.close();
    }
  }

  @Test
  void asksForATokenAndKeepsItInTheTabOnly() {
    assertThat(seen.path("askedForToken").asBoolean()).isTrue();
    assertThat(seen.path("tokenInSessionStorage").asBoolean()).isTrue();
    assertThat(seen.path("tokenInLocalStorage").asInt()).isZero();
  }

  @Test
  void createsATopicAndShowsTheBacklogOfAPublish() {
    assertThat(seen.path("createdMessage").asText()).contains(TOPIC, TOPIC + ".dlq");
    assertThat(seen.path("backlogBeforePublish").asText()).isEqualTo("0");
    assertThat(seen.path("publishedMessage").asText())
        .startsWith("Published ")
        .contains("offset 0");
    assertThat(seen.path("backlogAfterPublish").asText()).isEqualTo("1");
    assertThat(seen.path("overviewBacklog").asText()).isEqualTo("3");
  }

  @Test
  void chartsTheBacklogAndThePublishRateFromSamplesThePageKeeps() {
    JsonNode backlog = seen.path("backlogChart");
    assertThat(backlog.path("last").asText()).isEqualTo("3");
    assertThat(backlog.path("points").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(backlog.path("lines").asInt()).isEqualTo(1);
    assertThat(seen.path("rateChartPeak").asDouble()).isPositive();
  }

  @Test
  void showsTheNodesOfTheClusterAndTheRequestsPanel() {
    assertThat(seen.path("nodes")).hasSize(1);
    assertThat(seen.path("nodes").get(0).path("status").asText()).isEqualTo("Up");
    assertThat(seen.path("nodes").get(0).path("reach").asText()).isEqualTo("reachable");
    assertThat(seen.path("nodes").get(0).path("notes").asText()).isEqualTo("this node, leader");
    assertThat(seen.path("firstChunkPanel").asText()).startsWith("0 requests");
  }

  @Test
  void showsEachPartitionsOwnerNodeAndJournalWrites() {
    JsonNode partition = seen.path("partition");
    assertThat(partition.path("node").asText())
        .isEqualTo(walk.node().node().system().address().toString());
    assertThat(partition.path("shown").asText()).startsWith("127.0.0.1:");
    assertThat(partition.path("writes").asInt()).isPositive();
    assertThat(partition.path("backlog").asText()).isEqualTo("3");
  }

  @Test
  void browsesTheHeadOfTheBacklogWithoutTakingIt() {
    assertThat(seen.path("browsed")).hasSize(3);
    assertThat(seen.path("browsed").get(0).asText()).contains("\"poison\":true", "<b>not html</b>");
    assertThat(seen.path("browsed").get(2).asText()).contains("\"third\":true");
    assertThat(seen.path("boldElementsInBrowse").asInt()).isZero();
    assertThat(seen.path("backlogAfterBrowse").asText()).isEqualTo("3");
    assertThat(seen.path("deliveredAfterBrowse").asInt()).isZero();
  }

  @Test
  void showsAWaitingConsumerWithItsCreditAndItsGroupsStrategy() {
    assertThat(seen.path("consumers")).isNotEmpty();
    JsonNode consumer = seen.path("consumers").get(0);
    assertThat(consumer.path("group").asText()).isEqualTo("workers");
    assertThat(consumer.path("balancing").asText()).isEqualTo("least-outstanding");
    assertThat(consumer.path("window").asInt()).isPositive();
  }

  @Test
  void showsRealRequestsInTheRequestsPanel() {
    assertThat(seen.path("requestStatus").asInt()).isEqualTo(200);
    JsonNode panel = seen.path("requestsPanel");
    assertThat(panel.path("firstChunk").asText()).startsWith("3 requests");
    assertThat(panel.path("completed").asText()).isEqualTo("3");
    // the tenant is the token's (ops in the tokens file)
    assertThat(panel.path("tenants").toString())
        .contains("\"tenant\":\"ops\"", "\"started\":\"3\"", "\"tokens\":\"21\"");
    assertThat(panel.path("streaming").asText()).contains("tokens/s");
    // a pool defined at run time, listed with its topic and what waits and runs on it
    assertThat(panel.path("pools").toString())
        .contains("\"model\":\"console-model\"", "\"topic\":\"gateway.console-model\"");
    assertThat(panel.path("streaming").asText()).contains("chunks/s");
  }

  @Test
  void refusesAPayloadThatIsNotJson() {
    assertThat(seen.path("badPayloadMessage").asText()).startsWith("The payload is not JSON");
  }

  @Test
  void listsDeadLettersWithTheirReasonAndReplaysTheChosenTheOldestThenAll() {
    assertThat(seen.path("nacked").asInt()).isEqualTo(3);
    assertThat(seen.path("overviewDeadLetters").asText()).isEqualTo("3");
    assertThat(seen.path("deadLetterReason").asText())
        .isEqualTo("after 1 attempts: nacked on its last attempt");
    assertThat(seen.path("deadLetterPayload").asText()).contains("\"poison\":true");
    assertThat(seen.path("replaySelectedMessage").asText())
        .isEqualTo("Replayed 1 chosen dead letter to the group that failed it");
    assertThat(seen.path("leftAfterReplayingSelected").toString())
        .doesNotContain("third")
        .contains("second");
    assertThat(seen.path("replayMessage").asText())
        .isEqualTo("Replayed 1 dead letter (the oldest) to the group that failed it");
    assertThat(seen.path("leftAfterReplayingOldest").asText()).isEqualTo("{\"second\":true}");
    assertThat(seen.path("dialogs").toString()).contains("Send every dead letter of " + TOPIC);
    assertThat(seen.path("replayAllMessage").asText())
        .isEqualTo("Replayed 1 dead letter to the group that failed it");
    assertThat(seen.path("deadLettersAfterReplay").asInt()).isZero();
    assertThat(seen.path("backlogAfterReplay").asText()).isEqualTo("3");
  }

  @Test
  void purgesEveryDeadLetterOnlyAfterAskingFirst() {
    assertThat(seen.path("dialogs").toString()).contains("Delete every dead letter of " + TOPIC);
    assertThat(seen.path("purgeMessage").asText()).isEqualTo("Purged 3 dead letters");
    assertThat(seen.path("deadLettersAfterPurge").asInt()).isZero();
    assertThat(seen.path("backlogAfterPurge").asText()).isEqualTo("0");
  }

  @Test
  void showsPayloadsAsTextNeverAsMarkup() {
    assertThat(seen.path("deadLetterPayload").asText()).contains("<b>not html</b>");
    assertThat(seen.path("boldElementsInPayload").asInt()).isZero();
  }

  @Test
  void deletesATopicOnlyAfterAskingFirst() {
    assertThat(seen.path("dialogs").toString()).contains("Delete topic " + TOPIC);
    assertThat(seen.path("topicsAfterDelete").toString()).doesNotContain(TOPIC);
  }

  @Test
  void runsWithoutScriptErrorsAndKeepsAScreenshotOfEachPage() {
    assertThat(seen.path("pageErrors")).isEmpty();
    assertThat(seen.path("consoleErrors")).isEmpty();
    for (String page :
        List.of(
            "login",
            "overview",
            "overview-requests",
            "topic",
            "topic-consumers",
            "dead-letters",
            "dead-letters-replayed")) {
      assertThat(SHOTS.resolve(page + ".png")).isNotEmptyFile();
    }
  }
}
