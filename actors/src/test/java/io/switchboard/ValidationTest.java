package io.switchboard;

import static io.switchboard.Await.failure;
import static io.switchboard.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.consumer.Receipt;
import io.switchboard.message.Message;
import io.switchboard.message.MessageBuilder;
import io.switchboard.routing.Route;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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
    assertThat(result(sb.listTopics()))
        .extracting(TopicConfig::name)
        .containsExactly("valid", "valid.dlq");
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
    assertThat(failure(sb.publishAll(List.of(good, bad))).code())
        .isEqualTo(ErrorCode.INVALID_MESSAGE);
    assertUnchanged();
  }

  @Test
  void refusesBadNames() {
    assertThatThrownBy(() -> TopicConfig.of("bad name"))
        .isInstanceOfSatisfying(
            SwitchboardException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_NAME));
    assertThat(failure(sb.createTopic(TopicConfig.of("mine.dlq"))).code())
        .isEqualTo(ErrorCode.INVALID_NAME);
    assertThat(failure(sb.createTopic(TopicConfig.of("t".repeat(200)))).code())
        .isEqualTo(ErrorCode.INVALID_NAME);
    assertThat(failure(sb.createGroup("valid", "bad/group", GroupConfig.DEFAULT)).code())
        .isEqualTo(ErrorCode.INVALID_NAME);
    assertThat(failure(sb.deleteTopic("bad name")).code()).isEqualTo(ErrorCode.INVALID_NAME);
    assertThatThrownBy(() -> TopicConfig.of("valid").withPartitions(0))
        .isInstanceOfSatisfying(
            SwitchboardException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    assertUnchanged();
  }

  @Test
  void refusesDuplicatesAndUnknowns() {
    assertThat(failure(sb.createTopic(TopicConfig.of("valid"))).code())
        .isEqualTo(ErrorCode.TOPIC_EXISTS);
    assertThat(failure(sb.createGroup("valid", "g", GroupConfig.DEFAULT)).code())
        .isEqualTo(ErrorCode.GROUP_EXISTS);
    assertThat(failure(sb.createGroup("missing", "g", GroupConfig.DEFAULT)).code())
        .isEqualTo(ErrorCode.UNKNOWN_TOPIC);
    assertThat(failure(sb.pull("valid", "missing", 1, Duration.ZERO)).code())
        .isEqualTo(ErrorCode.UNKNOWN_GROUP);
    assertThat(failure(sb.deleteTopic("missing")).code()).isEqualTo(ErrorCode.UNKNOWN_TOPIC);
    assertThat(failure(sb.addRoute(new Route("chat.*", "missing"))).code())
        .isEqualTo(ErrorCode.UNKNOWN_TOPIC);
    assertThat(failure(sb.pull("valid", "g", 0, Duration.ZERO)).code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertUnchanged();
  }

  @Test
  void rejectsUnknownReceiptsWithoutSettlingAnything() {
    var result =
        result(
            sb.ack(
                "valid",
                "g",
                List.of(
                    new Receipt(0, 0, 7, 1, Receipt.binding("valid", 1, "g")),
                    new Receipt(5, 0, 1, 1, 0))));
    assertThat(result.accepted()).isEmpty();
    assertThat(result.rejected()).hasSize(2);
    assertThatThrownBy(() -> Receipt.parse("0-x-1"))
        .isInstanceOfSatisfying(
            SwitchboardException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_RECEIPT));
    assertThat(
            result(sb.stats("valid")).groups().get(0).backlog()
                + result(sb.stats("valid")).groups().get(0).inFlight())
        .isEqualTo(1);
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("poisonedFields")
  void refusesLoneSurrogatesAndControlCharactersInEveryField(String field, String poison) {
    Message bad = poisoned(Message.builder("valid"), field, poison).build();
    SwitchboardException e =
        failure(sb.publishAll(List.of(Message.builder("valid").text("ok").build(), bad)));
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
    assertThat(e.getMessage())
        .startsWith(field.equals("header value") ? "header 'h' value" : field);
    assertUnchanged();
  }

  static Stream<Arguments> poisonedFields() {
    List<String> fields =
        List.of(
            "id",
            "key",
            "type",
            "source",
            "target",
            "contentType",
            "idempotencyKey",
            "header name",
            "header value");
    return fields.stream()
        .flatMap(
            field ->
                Stream.of("\ud800", "x\udc00", "\u0007", "a\u0000b", "\u007f", "\u0085")
                    .map(poison -> Arguments.of(field, poison)));
  }

  private static MessageBuilder poisoned(MessageBuilder builder, String field, String poison) {
    return switch (field) {
      case "id" -> builder.id(poison);
      case "key" -> builder.key(poison);
      case "type" -> builder.type(poison);
      case "source" -> builder.source(poison);
      case "target" -> builder.target(poison);
      case "contentType" -> builder.payload(new byte[0], poison);
      case "idempotencyKey" -> builder.idempotencyKey(poison);
      case "header name" -> builder.header("h" + poison, "v");
      default -> builder.header("h", poison);
    };
  }

  @Test
  void refusesReservedHeadersInAnyCase() {
    for (String name :
        List.of("switchboard-replay-group", "Switchboard-Replay-Group", "SWITCHBOARD-anything")) {
      SwitchboardException e =
          failure(sb.publish(Message.builder("valid").header(name, "g").build()));
      assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
      assertThat(e.getMessage()).contains("reserved");
    }
    assertUnchanged();
  }

  @Test
  void refusesAnUnknownPriorityBandOrABadCostNamingWhatIsAllowed() {
    SwitchboardException band =
        failure(
            sb.publish(Message.builder("valid").header("switchboard-priority", "urgent").build()));
    assertThat(band.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(band.getMessage())
        .contains("urgent", "[interactive, default, batch]", "switchboard.priority.bands");
    for (String cost : List.of("-1", "12.5", "lots", "", "1000000001")) {
      SwitchboardException e =
          failure(sb.publish(Message.builder("valid").header("switchboard-cost", cost).build()));
      assertThat(e.code()).as("cost '%s'", cost).isEqualTo(ErrorCode.INVALID_ARGUMENT);
      assertThat(e.getMessage()).contains("switchboard-cost", "switchboard.priority.max-cost");
    }
    SwitchboardException tenant =
        failure(sb.publish(Message.builder("valid").header("switchboard-tenant", "").build()));
    assertThat(tenant.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    // Only the lower-case names are the scheduling headers; other spellings stay reserved.
    SwitchboardException upper =
        failure(
            sb.publish(Message.builder("valid").header("Switchboard-Priority", "batch").build()));
    assertThat(upper.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
    assertUnchanged();
  }

  @Test
  void refusesLongIdsAndContentTypes() {
    SwitchboardException id =
        failure(sb.publish(Message.builder("valid").id("i".repeat(129)).build()));
    assertThat(id.getMessage()).contains("max-id-length");
    SwitchboardException type =
        failure(
            sb.publish(
                Message.builder("valid").payload(new byte[1], "x/" + "y".repeat(255)).build()));
    assertThat(type.getMessage()).contains("max-content-type-length");
    assertUnchanged();
  }

  @Test
  void refusesRoutesWithControlCharactersOrADeadLetterTarget() {
    assertThat(failure(sb.addRoute(new Route("chat\u0001", "valid"))).code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(failure(sb.addRoute(new Route("chat\t.*", "valid"))).code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(failure(sb.addRoute(new Route("chat.*", "valid.dlq"))).getMessage())
        .contains("dead-letter");
    assertThatThrownBy(() -> new Route("\ud800", "valid"))
        .isInstanceOfSatisfying(
            SwitchboardException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    assertThat(result(sb.routes())).isEmpty();
    assertUnchanged();
  }

  @Test
  void refusesDeletingADeadLetterTopicOnItsOwn() {
    SwitchboardException e = failure(sb.deleteTopic("valid.dlq"));
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(e.getMessage()).contains("deleted only with its topic");
    assertUnchanged();
  }

  @Test
  void boundsEveryDurationOfATopic() {
    for (Duration huge :
        List.of(
            Duration.ofMillis(Long.MAX_VALUE - 1),
            Duration.ofSeconds(Long.MAX_VALUE),
            TopicConfig.MAX_RETENTION.plusMillis(1))) {
      assertThatThrownBy(() -> TopicConfig.of("durations").withAckLease(huge))
          .hasMessageContaining("ackLease");
      assertThatThrownBy(() -> TopicConfig.of("durations").withRetention(huge))
          .hasMessageContaining("retention");
      assertThatThrownBy(() -> TopicConfig.of("durations").withIdempotencyWindow(huge))
          .isInstanceOfSatisfying(
              SwitchboardException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }
    assertThat(TopicConfig.of("durations").withAckLease(TopicConfig.MAX_ACK_LEASE).ackLease())
        .isEqualTo(Duration.ofDays(1));
    assertUnchanged();
  }
}
