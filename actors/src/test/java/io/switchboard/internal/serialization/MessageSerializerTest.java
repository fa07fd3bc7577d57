package io.switchboard.internal.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.switchboard.message.Message;
import java.io.NotSerializableException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MessageSerializerTest {
  private static ActorSystem system;
  private static Serialization serialization;

  @BeforeAll
  static void startSystem() {
    system =
        ActorSystem.create(
            "message-serializer-test",
            ConfigFactory.parseString("pekko.actor.provider = local")
                .withFallback(ConfigFactory.load()));
    serialization = SerializationExtension.get(system);
  }

  @AfterAll
  static void stopSystem() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static Message roundTrip(Message message) {
    Serializer serializer = serialization.findSerializerFor(message);
    byte[] bytes = serializer.toBinary(message);
    return (Message)
        serialization
            .deserialize(
                bytes, serializer.identifier(), Serializers.manifestFor(serializer, message))
            .get();
  }

  @Test
  void isTheSerializerOfMessagesByDefault() throws Exception {
    Serializer serializer = serialization.serializerFor(Message.class);

    assertThat(serializer).isInstanceOf(MessageSerializer.class);
    assertThat(serializer.identifier()).isEqualTo(MessageSerializer.IDENTIFIER);
  }

  @Test
  void roundTripsEveryField() {
    Message message =
        new Message(
            "0190a1b2-id",
            "orders",
            "customer-7",
            "chat.request",
            "web",
            "pool-a",
            Map.of("tenant", "acme", "trace", "t-1"),
            new byte[] {1, 2, 3},
            "text/plain",
            Instant.parse("2026-11-30T19:00:00.123456789Z"),
            "idem-1");

    Message back = roundTrip(message);

    assertThat(back).isEqualTo(message);
    assertThat(back.createdAt()).isEqualTo(message.createdAt());
    assertThat(back.idempotencyKey()).isEqualTo("idem-1");
  }

  @Test
  void roundTripsUnicodeHeadersAndNames() {
    Message message =
        Message.builder("τόπος-話題")
            .key("ключ-🔑")
            .headers(Map.of("名前", "値 with tab\tand 😀", "émoji-🚀", ""))
            .payload("héllo".getBytes(java.nio.charset.StandardCharsets.UTF_8))
            .build();

    assertThat(roundTrip(message)).isEqualTo(message);
  }

  @Test
  void keepsNullFieldsNull() {
    Message message =
        new Message("id-1", "t", null, null, null, null, null, null, null, null, null);

    Message back = roundTrip(message);

    assertThat(back).isEqualTo(message);
    assertThat(back.key()).isNull();
    assertThat(back.type()).isNull();
    assertThat(back.source()).isNull();
    assertThat(back.target()).isNull();
    assertThat(back.idempotencyKey()).isNull();
    assertThat(back.headers()).isEmpty();
    assertThat(back.payload()).isEmpty();
  }

  @Test
  void roundTripsEmptyAndLargePayloads() {
    byte[] large = new byte[4 << 20];
    new Random(7).nextBytes(large);
    Message empty = Message.builder("t").payload(new byte[0]).build();
    Message big = Message.builder("t").payload(large).build();

    assertThat(roundTrip(empty).payload()).isEmpty();
    assertThat(Arrays.equals(roundTrip(big).payload(), large)).isTrue();
  }

  @Test
  void refusesAnUnpairedSurrogate() {
    Message message = Message.builder("t").headers(Map.of("h", "a\uD800")).build();

    assertThatThrownBy(() -> serialization.findSerializerFor(message).toBinary(message))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unpaired surrogate");
  }

  @Test
  void refusesCutBytesWithAClearError() {
    Message message = Message.builder("t").payload(new byte[100]).build();
    byte[] bytes = serialization.findSerializerFor(message).toBinary(message);
    byte[] cut = Arrays.copyOf(bytes, bytes.length - 10);

    assertThatThrownBy(() -> new MessageSerializer(null).fromBinary(cut, "M1"))
        .isInstanceOf(NotSerializableException.class)
        .hasMessageContaining("cut short");
    assertThatThrownBy(() -> new MessageSerializer(null).fromBinary(bytes, "M9"))
        .isInstanceOf(NotSerializableException.class)
        .hasMessageContaining("unknown manifest M9");
  }

  @Test
  void refusesALengthLargerThanTheFrameWithoutAllocatingIt() {
    // format 1, six absent strings, no headers, then a payload "of" Integer.MAX_VALUE bytes
    byte[] hugePayload = {
      1, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07
    };
    // format 1, six absent strings, then 500 million headers in a 13-byte frame
    byte[] manyHeaders = {
      1, 0, 0, 0, 0, 0, 0, (byte) 0x80, (byte) 0xCA, (byte) 0xB5, (byte) 0xEE, 0x01, 0
    };

    for (byte[] frame : new byte[][] {hugePayload, manyHeaders}) {
      long before = allocatedBytes();
      assertThatThrownBy(() -> new MessageSerializer(null).fromBinary(frame, "M1"))
          .isInstanceOf(NotSerializableException.class)
          .hasMessageContaining("cut short");
      assertThat(allocatedBytes() - before)
          .as("bytes allocated to refuse the frame")
          .isLessThan(1 << 20);
    }
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean)
            java.lang.management.ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }
}
