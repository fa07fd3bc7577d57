package io.switchboard.internal.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.message.Message;
import java.io.NotSerializableException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EnqueuedSerializerTest {
  private static final Config LOCAL =
      ConfigFactory.parseString("pekko.actor.provider = local").withFallback(ConfigFactory.load());
  // How the library bound Enqueued before it had a serializer of its own.
  private static final Config BEFORE =
      ConfigFactory.parseString(
              "pekko.actor.serialization-bindings {\"io.switchboard.internal.partition.PartitionEvent$Enqueued\" = jackson-cbor}")
          .withFallback(LOCAL);

  private static ActorSystem system;
  private static ActorSystem before;
  private static Serialization serialization;

  @BeforeAll
  static void startSystems() {
    system = ActorSystem.create("enqueued-serializer-test", LOCAL);
    before = ActorSystem.create("enqueued-serializer-before", BEFORE);
    serialization = SerializationExtension.get(system);
  }

  @AfterAll
  static void stopSystems() throws Exception {
    for (ActorSystem s : List.of(system, before)) {
      s.terminate();
      s.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static PartitionEvent.Enqueued event() {
    Message full =
        new Message(
            "id-1",
            "orders",
            "k",
            "chat.request",
            "web",
            "pool",
            Map.of("tenant", "акме", "trace", "🚀"),
            new byte[] {9, 8, 7},
            "text/plain",
            Instant.parse("2026-11-30T19:00:00.5Z"),
            "idem");
    Message bare =
        new Message("id-2", "orders", null, null, null, null, null, null, null, null, null);
    Message big = Message.builder("orders").id("id-3").payload(new byte[1 << 20]).build();
    return new PartitionEvent.Enqueued(41, List.of(full, bare, big), 1_764_529_200_000L);
  }

  /** Serializes as {@code writer} would have stored it and reads it back with today's system. */
  private static Object storedByAndReadBack(ActorSystem writer, Object event) {
    Serializer serializer = SerializationExtension.get(writer).findSerializerFor(event);
    byte[] bytes = serializer.toBinary(event);
    return serialization
        .deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, event))
        .get();
  }

  @Test
  void isTheSerializerOfEnqueuedByDefault() throws Exception {
    assertThat(serialization.serializerFor(PartitionEvent.Enqueued.class))
        .isInstanceOf(EnqueuedSerializer.class);
    // The other events stay on Jackson CBOR.
    assertThat(serialization.serializerFor(PartitionEvent.Started.class).identifier())
        .isNotEqualTo(EnqueuedSerializer.IDENTIFIER);
  }

  @Test
  void roundTripsOffsetsTimeAndMessages() {
    PartitionEvent.Enqueued event = event();

    Object back = storedByAndReadBack(system, event);

    assertThat(back).isEqualTo(event);
  }

  @Test
  void roundTripsAnEmptyBatch() {
    PartitionEvent.Enqueued empty = new PartitionEvent.Enqueued(0, List.of(), 0);

    assertThat(storedByAndReadBack(system, empty)).isEqualTo(empty);
  }

  @Test
  void readsAnEventWrittenByThePreviousCborFormat() {
    PartitionEvent.Enqueued event = event();
    Serializer old = SerializationExtension.get(before).findSerializerFor(event);
    assertThat(old.identifier()).isNotEqualTo(EnqueuedSerializer.IDENTIFIER);

    Object back = storedByAndReadBack(before, event);

    assertThat(back).isEqualTo(event);
  }

  @Test
  void knowsTheExactSizeOfWhatItWrites() {
    EnqueuedSerializer serializer = new EnqueuedSerializer(null);
    PartitionEvent.Enqueued event = event();

    // The journal sizes its one array from this; a wrong size would copy or overflow.
    assertThat(serializer.toBinary(event)).hasSize(serializer.size(event));
  }

  @Test
  void refusesAnUnpairedSurrogateItCannotWrite() {
    Message lone =
        Message.builder("orders").id("id-4").key("a\uD800b").payload(new byte[1]).build();
    PartitionEvent.Enqueued event = new PartitionEvent.Enqueued(1, List.of(lone), 0);

    assertThatThrownBy(() -> new EnqueuedSerializer(null).toBinary(event))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unpaired surrogate at index 1");
  }

  @Test
  void refusesGarbledBytesWithAClearError() {
    byte[] bytes = new EnqueuedSerializer(null).toBinary(event());
    byte[] cut = Arrays.copyOf(bytes, 40);

    assertThatThrownBy(() -> new EnqueuedSerializer(null).fromBinary(cut, "E1"))
        .isInstanceOf(NotSerializableException.class)
        .hasMessageContaining("cannot be read");
  }
}
