package io.switchboard;

import static io.switchboard.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.consumer.Delivery;
import io.switchboard.message.Message;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Replaying chosen dead letters by message id, and purging them, on a real node. */
class DeadLetterChoiceTest extends NodeTest {

  /**
   * Creates {@code topic} (max attempts 1) with group g and fails {@code count} messages into its
   * dead letters.
   */
  private static List<String> deadLetters(String topic, int count) {
    result(sb.createTopic(TopicConfig.of(topic).withPartitions(1).withMaxAttempts(1)));
    result(sb.createGroup(topic, "g", GroupConfig.DEFAULT));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Message message = Message.builder(topic).text("m" + i).build();
      result(sb.publish(message));
      ids.add(message.id());
    }
    List<Delivery> pulled = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              pulled.addAll(result(sb.pull(topic, "g", count, Duration.ofSeconds(1))));
              return pulled.size() >= count;
            });
    result(sb.nack(topic, "g", pulled.stream().map(Delivery::receipt).toList(), Duration.ZERO));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> result(sb.deadLetters(topic, 10)).size() == count);
    return ids;
  }

  private static List<String> listed(String topic) {
    return result(sb.deadLetters(topic, 10)).stream().map(Message::id).toList();
  }

  @Test
  void replaysOnlyTheChosenIdsAndReturnsThoseThatWent() {
    List<String> ids = deadLetters("chosen", 3);

    List<String> sent = result(sb.replayDeadLetters("chosen", Set.of(ids.get(1), "not-there"), 10));

    assertThat(sent).containsExactly(ids.get(1));
    assertThat(listed("chosen")).containsExactly(ids.get(0), ids.get(2));
    Delivery back = result(sb.pull("chosen", "g", 10, Duration.ofSeconds(10))).get(0);
    assertThat(back.message().id()).isEqualTo(ids.get(1));
  }

  @Test
  void looksForChosenIdsOnlyAmongTheOldestScanned() {
    List<String> ids = deadLetters("scanned", 3);

    assertThat(result(sb.replayDeadLetters("scanned", Set.of(ids.get(2)), 2))).isEmpty();
    assertThat(listed("scanned")).containsExactlyElementsOf(ids);
  }

  @Test
  void purgeRemovesTheOldestWithoutReplayingThem() {
    List<String> ids = deadLetters("purged", 3);

    assertThat(result(sb.purgeDeadLetters("purged", 2))).isEqualTo(2);
    assertThat(listed("purged")).containsExactly(ids.get(2));
    assertThat(result(sb.purgeDeadLetters("purged", 10))).isEqualTo(1);
    assertThat(listed("purged")).isEmpty();
    assertThat(result(sb.pull("purged", "g", 10, Duration.ofMillis(300)))).isEmpty();
  }
}
