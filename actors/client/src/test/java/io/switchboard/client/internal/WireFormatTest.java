package io.switchboard.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.balance.Balancing;
import io.switchboard.message.Message;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireFormatTest {

  @Test
  void aMessageSurvivesTheWireByteForByte() {
    byte[] payload = new byte[256];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) i;
    }
    Message message =
        new Message(
            "m-1",
            "orders",
            "customer-7",
            "order.created",
            "shop",
            "billing",
            Map.of("trace", "abc", "ünïcode", "värde"),
            payload,
            "application/x-test",
            Instant.parse("2026-11-30T12:00:00.123456789Z"),
            "idem-1");

    assertThat(WireFormat.fromWire(WireFormat.toWire(message))).isEqualTo(message);
  }

  @Test
  void keysAPublishWithoutAnIdempotencyKeyByItsId() {
    Message message = Message.builder("orders").text("hello").build();

    assertThat(message.idempotencyKey()).isNull();
    assertThat(WireFormat.toPublish(message).getIdempotencyKey()).isEqualTo(message.id());
  }

  @Test
  void keepsAnIdempotencyKeyOfItsOwn() {
    Message message = Message.builder("orders").idempotencyKey("mine").text("hello").build();

    assertThat(WireFormat.toPublish(message).getIdempotencyKey()).isEqualTo("mine");
  }

  @Test
  void emptyWireFieldsAreAbsentValues() {
    Message back =
        WireFormat.fromWire(
            io.switchboard.protocol.v1.Message.newBuilder().setId("x").setTopic("t").build());

    assertThat(back.key()).isNull();
    assertThat(back.type()).isNull();
    assertThat(back.idempotencyKey()).isNull();
    assertThat(back.contentType()).isEqualTo(Message.DEFAULT_CONTENT_TYPE);
  }

  @Test
  void topicAndGroupSettingsSurviveTheWire() {
    TopicConfig topic =
        TopicConfig.of("orders")
            .withPartitions(8)
            .withDurable(false)
            .withAckLease(Duration.ofSeconds(7))
            .withRetention(Duration.ofHours(1));
    GroupConfig group = new GroupConfig(Balancing.CONSISTENT_HASH, GroupConfig.StartFrom.EARLIEST);

    assertThat(WireFormat.fromWire(WireFormat.toWire(topic))).isEqualTo(topic);
    assertThat(WireFormat.fromWire(WireFormat.toWire("orders", "g", group))).isEqualTo(group);
  }
}
