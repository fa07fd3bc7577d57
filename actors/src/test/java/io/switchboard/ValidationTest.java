package io.switchboard;

import static io.switchboard.Await.failure;
import static io.switchboard.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.consumer.Receipt;
import io.switchboard.message.Message;
import io.switchboard.routing.Route;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad input gets a specific error and changes nothing. */
class ValidationTest extends NodeTest {
  @BeforeAll
  static void setUp() {
    result(sb.createTopic(TopicConfig.of("valid").withPartitions(1)));
    result(sb.createGroup("valid", "g", GroupConfig.DEFAULT));
    result(sb.publish(Message.builder("valid").text("kept").build()));
  }

  private static void assertUnchanged() {
    assertThat(result(sb.stats("valid")).published()).isEqualTo(1);
    assertThat(result(sb.listTopics())).extracting(TopicConfig::name).containsExactly("valid", "valid.dlq");
  }

  @Test
  void refusesAPayloadOverTheLimit() {
    byte[] tooBig = new byte[sb.limits().maxPayloadBytes() + 1];
    SwitchboardException e = failure(sb.publish(Message.builder("valid").payload(tooBig).build()));
    assertThat(e.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
    assertThat(e.getMessage()).contains("max-payload-bytes");
    assertUnchanged();
  }

  @Test
  void refusesTooManyHeaders() {
    Map<String, String> headers = new HashMap<>();
    for (int i = 0; i <= sb.limits().maxHeaders(); i++) {
      headers.put("h" + i, "v");
    }
    SwitchboardException e = failure(sb.publish(Message.builder("valid").headers(headers).build()));
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
    assertUnchanged();
  }

  @Test
  void refusesABatchWithOneBadMessageWhole() {
    Message good = Message.builder("valid").text("ok").build();
    Message bad = Message.builder("valid").key("k".repeat(10_000)).build();
    assertThat(failure(sb.publishAll(List.of(good, bad))).code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
    assertUnchanged();
  }

  @Test
  void refusesBadNames() {
    assertThatThrownBy(() -> TopicConfig.of("bad name"))
        .isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_NAME));
    assertThat(failure(sb.createTopic(TopicConfig.of("mine.dlq"))).code()).isEqualTo(ErrorCode.INVALID_NAME);
    assertThat(failure(sb.createTopic(TopicConfig.of("t".repeat(200)))).code()).isEqualTo(ErrorCode.INVALID_NAME);
    assertThat(failure(sb.createGroup("valid", "bad/group", GroupConfig.DEFAULT)).code()).isEqualTo(ErrorCode.INVALID_NAME);
    assertThat(failure(sb.deleteTopic("bad name")).code()).isEqualTo(ErrorCode.INVALID_NAME);
    assertThatThrownBy(() -> TopicConfig.of("valid").withPartitions(0))
        .isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    assertUnchanged();
  }

  @Test
  void refusesDuplicatesAndUnknowns() {
    assertThat(failure(sb.createTopic(TopicConfig.of("valid"))).code()).isEqualTo(ErrorCode.TOPIC_EXISTS);
    assertThat(failure(sb.createGroup("valid", "g", GroupConfig.DEFAULT)).code()).isEqualTo(ErrorCode.GROUP_EXISTS);
    assertThat(failure(sb.createGroup("missing", "g", GroupConfig.DEFAULT)).code()).isEqualTo(ErrorCode.UNKNOWN_TOPIC);
    assertThat(failure(sb.pull("valid", "missing", 1, Duration.ZERO)).code()).isEqualTo(ErrorCode.UNKNOWN_GROUP);
    assertThat(failure(sb.deleteTopic("missing")).code()).isEqualTo(ErrorCode.UNKNOWN_TOPIC);
    assertThat(failure(sb.addRoute(new Route("chat.*", "missing"))).code()).isEqualTo(ErrorCode.UNKNOWN_TOPIC);
    assertThat(failure(sb.pull("valid", "g", 0, Duration.ZERO)).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertUnchanged();
  }

  @Test
  void rejectsUnknownReceiptsWithoutSettlingAnything() {
    var result = result(sb.ack("valid", "g", List.of(new Receipt(0, 0, 7, 1, Receipt.binding("valid", 1, "g")),
        new Receipt(5, 0, 1, 1, 0))));
    assertThat(result.accepted()).isEmpty();
    assertThat(result.rejected()).hasSize(2);
    assertThatThrownBy(() -> Receipt.parse("0-x-1"))
        .isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_RECEIPT));
    assertThat(result(sb.stats("valid")).groups().get(0).backlog()
        + result(sb.stats("valid")).groups().get(0).inFlight()).isEqualTo(1);
  }
}
