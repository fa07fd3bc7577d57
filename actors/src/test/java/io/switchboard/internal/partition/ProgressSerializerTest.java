package io.switchboard.internal.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.NotSerializableException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProgressSerializerTest {
  private static final Config LOCAL =
      ConfigFactory.parseString("pekko.actor.provider = local").withFallback(ConfigFactory.load());
  // How the library bound these events before they had a serializer of their own.
  private static final Config BEFORE =
      ConfigFactory.parseString(
              """
          pekko.actor.serialization-bindings {
            "io.switchboard.internal.partition.PartitionEvent$Settled" = jackson-cbor
            "io.switchboard.internal.partition.PartitionEvent$DeliveredThrough" = jackson-cbor
          }""")
          .withFallback(LOCAL);

  private static ActorSystem system;
  private static ActorSystem before;
  private static Serialization serialization;

  @BeforeAll
  static void startSystems() {
    system = ActorSystem.create("progress-serializer-test", LOCAL);
    before = ActorSystem.create("progress-serializer-before", BEFORE);
    serialization = SerializationExtension.get(system);
  }

  @AfterAll
  static void stopSystems() throws Exception {
    for (ActorSystem s : List.of(system, before)) {
      s.terminate();
      s.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /** Serializes as {@code writer} would have stored it and reads it back with today's system. */
  private static Object storedByAndReadBack(ActorSystem writer, Object event) {
    Serializer serializer = SerializationExtension.get(writer).findSerializerFor(event);
    byte[] bytes = serializer.toBinary(event);
    return serialization
        .deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, event))
        .get();
  }

  private static PartitionEvent.Settled settled() {
    return new PartitionEvent.Settled("workers-ü", new long[] {0, 7, Long.MAX_VALUE}, true);
  }

  @Test
  void isTheSerializerOfAcksAndDeliveryMarksByDefault() throws Exception {
    assertThat(serialization.serializerFor(PartitionEvent.Settled.class))
        .isInstanceOf(ProgressSerializer.class);
    assertThat(serialization.serializerFor(PartitionEvent.DeliveredThrough.class))
        .isInstanceOf(ProgressSerializer.class);
  }

  @Test
  void roundTripsASettledEvent() {
    PartitionEvent.Settled back = (PartitionEvent.Settled) storedByAndReadBack(system, settled());

    assertThat(back.group()).isEqualTo("workers-ü");
    assertThat(back.offsets()).containsExactly(0, 7, Long.MAX_VALUE);
    assertThat(back.deadLettered()).isTrue();
  }

  @Test
  void roundTripsADeliveredThroughEvent() {
    PartitionEvent.DeliveredThrough event = new PartitionEvent.DeliveredThrough("workers", 12_345);

    assertThat(storedByAndReadBack(system, event)).isEqualTo(event);
  }

  @Test
  void readsEventsWrittenByThePreviousCborFormat() {
    assertThat(SerializationExtension.get(before).findSerializerFor(settled()).identifier())
        .isNotEqualTo(ProgressSerializer.IDENTIFIER);

    PartitionEvent.Settled back = (PartitionEvent.Settled) storedByAndReadBack(before, settled());
    PartitionEvent.DeliveredThrough through = new PartitionEvent.DeliveredThrough("g", 3);

    assertThat(back.offsets()).containsExactly(0, 7, Long.MAX_VALUE);
    assertThat(storedByAndReadBack(before, through)).isEqualTo(through);
  }

  @Test
  void knowsTheExactSizeOfWhatItWrites() {
    ProgressSerializer serializer = new ProgressSerializer(null);
    PartitionEvent.DeliveredThrough through = new PartitionEvent.DeliveredThrough("g", 3);

    assertThat(serializer.toBinary(settled())).hasSize(serializer.size(settled()));
    assertThat(serializer.toBinary(through)).hasSize(serializer.size(through));
  }

  @Test
  void refusesGarbledBytesWithAClearError() {
    byte[] bytes = new ProgressSerializer(null).toBinary(settled());
    byte[] cut = Arrays.copyOf(bytes, bytes.length - 9);

    assertThatThrownBy(() -> new ProgressSerializer(null).fromBinary(cut, "S1"))
        .isInstanceOf(NotSerializableException.class)
        .hasMessageContaining("cannot be read");
    assertThatThrownBy(() -> new ProgressSerializer(null).fromBinary(bytes, "X9"))
        .isInstanceOf(NotSerializableException.class)
        .hasMessageContaining("unknown manifest X9");
  }
}
