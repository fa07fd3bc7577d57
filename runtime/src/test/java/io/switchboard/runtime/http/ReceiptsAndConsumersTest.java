package io.switchboard.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Receipts name what they settle (topic incarnation, group, partition start) and consumers end with
 * their group: issue 7 items 7, 15 (receipts), 18, 22 and 23, over real HTTP.
 */
class ReceiptsAndConsumersTest extends RunningNodeTest {
  private static final AtomicInteger NAMES = new AtomicInteger();

  @Override
  String config() {
    return "";
  }

  private String topic(int partitions, String... groups) {
    String topic = "rc-" + NAMES.incrementAndGet();
    createTopic(topic, partitions, groups);
    return topic;
  }

  private void publish(String topic, int count) {
    for (int i = 0; i < count; i++) {
      assertThat(
              api.post("/v1/topics/" + topic + "/messages", Map.of("payload", Map.of("n", i)))
                  .status())
          .isEqualTo(200);
    }
  }

  private List<JsonNode> pull(String topic, String group, int max, long waitMs) {
    ApiClient.Answer answer =
        api.post(
            "/v1/topics/" + topic + "/groups/" + group + "/pull",
            Map.of("max", max, "waitMs", waitMs));
    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    List<JsonNode> deliveries = new ArrayList<>();
    answer.json().path("deliveries").forEach(deliveries::add);
    return deliveries;
  }

  private JsonNode pullOne(String topic, String group) {
    List<JsonNode> got = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              got.addAll(pull(topic, group, 1, 500));
              return !got.isEmpty();
            });
    return got.get(0);
  }

  private JsonNode ack(String topic, String group, String receipt) {
    ApiClient.Answer answer =
        api.post(
            "/v1/topics/" + topic + "/groups/" + group + "/ack",
            Map.of("receipts", List.of(receipt)));
    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    return answer.json();
  }

  private JsonNode groupStats(String topic) {
    return api.get("/v1/topics/" + topic).json().path("stats").path("groups").get(0);
  }

  @Test
  void aReceiptSettlesOnlyItsOwnTopicAndGroup() {
    String ra = topic(1, "g1", "g2");
    String rb = topic(1, "g1");
    publish(ra, 1);
    publish(rb, 1);
    String fromRa = pullOne(ra, "g1").path("receipt").asText();
    pullOne(rb, "g1");
    pullOne(ra, "g2");

    JsonNode elsewhere = ack(rb, "g1", fromRa);
    assertThat(elsewhere.path("accepted")).isEmpty();
    assertThat(elsewhere.path("rejected").get(0).asText()).isEqualTo(fromRa);
    JsonNode otherGroup = ack(ra, "g2", fromRa);
    assertThat(otherGroup.path("accepted")).isEmpty();
    assertThat(groupStats(rb).path("acked").asLong()).isZero();
    assertThat(ack(ra, "g1", fromRa).path("accepted").get(0).asText()).isEqualTo(fromRa);
  }

  @Test
  void aReceiptOfADeletedTopicDoesNotSettleItsSuccessor() {
    String topic = topic(1, "g");
    publish(topic, 1);
    String old = pullOne(topic, "g").path("receipt").asText();
    assertThat(api.delete("/v1/topics/" + topic).status()).isEqualTo(204);
    createTopic(topic, 1, "g");
    publish(topic, 1);
    pullOne(topic, "g");

    JsonNode result = ack(topic, "g", old);
    assertThat(result.path("accepted")).isEmpty();
    assertThat(groupStats(topic).path("acked").asLong()).isZero();
  }

  @Test
  void refusesLenientReceipts() {
    String topic = topic(1, "g");
    for (String lenient : List.of("+0-0-1", "\u0660-\u0660-\u0661", " 0-0-1", "0-0-1 ")) {
      ApiClient.Answer answer =
          api.post("/v1/topics/" + topic + "/groups/g/ack", Map.of("receipts", List.of(lenient)));
      assertThat(answer.status()).as(lenient + ": " + answer).isEqualTo(400);
      assertThat(answer.errorCode()).isEqualTo("UNKNOWN_RECEIPT");
    }
  }

  @Test
  void firstPullWithoutWaitingReturnsWhatIsStored() {
    String topic = topic(4, "g");
    publish(topic, 3);
    assertThat(pull(topic, "g", 10, 0)).hasSize(3);
  }

  @Test
  void anIdleNodeNeitherDeliversNorRedelivers() {
    String topic = topic(2, "g");
    publish(topic, 6);
    assertThat(pullOne(topic, "g").path("attempt").asInt()).isEqualTo(1);

    // What the pull buffer still holds goes back once; from then on nothing moves.
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> groupStats(topic).path("delivered").asLong() == 1);
    await()
        .during(Duration.ofSeconds(5))
        .atMost(Duration.ofSeconds(7))
        .until(
            () -> {
              JsonNode stats = groupStats(topic);
              return stats.path("delivered").asLong() == 1
                  && stats.path("redelivered").asLong() == 0;
            });
    assertThat(pull(topic, "g", 10, 0)).hasSize(5);
  }

  @Test
  void aDeletedGroupEndsItsPullConsumerQuietly() {
    String topic = topic(4, "g");
    publish(topic, 1);
    pullOne(topic, "g");
    Logger partitions = (Logger) LoggerFactory.getLogger("io.switchboard");
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    partitions.addAppender(log);
    try {
      assertThat(api.delete("/v1/topics/" + topic + "/groups/g").status()).isEqualTo(204);
      // Longer than several heartbeats: a consumer that kept re-subscribing would log each time.
      await()
          .during(Duration.ofSeconds(4))
          .atMost(Duration.ofSeconds(6))
          .until(() -> log.list.stream().noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN)));
      ApiClient.Answer gone =
          api.post("/v1/topics/" + topic + "/groups/g/pull", Map.of("waitMs", 0));
      assertThat(gone.status()).isEqualTo(404);
      assertThat(gone.errorCode()).isEqualTo("UNKNOWN_GROUP");
    } finally {
      partitions.detachAppender(log);
    }
  }

  @Test
  void aWebSocketEndsWithAnErrorFrameWhenItsGroupIsDeleted() {
    String topic = topic(2, "g");
    StreamClient stream = open(topic, "g");
    awaitJoined(topic, stream);
    assertThat(api.delete("/v1/topics/" + topic + "/groups/g").status()).isEqualTo(204);
    awaitEnd(stream, "UNKNOWN_GROUP");
  }

  @Test
  void aWebSocketEndsWithAnErrorFrameWhenItsTopicIsDeleted() {
    String topic = topic(2, "g");
    StreamClient stream = open(topic, "g");
    awaitJoined(topic, stream);
    assertThat(api.delete("/v1/topics/" + topic).status()).isEqualTo(204);
    awaitEnd(stream, "UNKNOWN_TOPIC");
  }

  private void awaitJoined(String topic, StreamClient stream) {
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              publish(topic, 1);
              assertThat(stream.deliveries()).isNotEmpty();
            });
  }

  private StreamClient open(String topic, String group) {
    return StreamClient.connect(
        api, "/v1/topics/" + topic + "/groups/" + group + "/stream?credit=4");
  }

  private static void awaitEnd(StreamClient stream, String code) {
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                assertThat(stream.answers())
                    .anySatisfy(
                        frame ->
                            assertThat(frame.path("error").path("code").asText()).isEqualTo(code)));
    // pekko-http has no API for a close reason: the error frame says why, then a normal close.
    assertThat(stream.closeCode()).succeedsWithin(Duration.ofSeconds(15)).isEqualTo(1000);
  }
}
