package io.switchboard.internal.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.typesafe.config.ConfigFactory;
import io.switchboard.message.Message;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.persistence.PersistentRepr;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ValueCodecTest {
  private static ActorSystem system;
  private static ValueCodec codec;

  @BeforeAll
  static void startSystem() {
    system =
        ActorSystem.create(
            "value-codec-test",
            ConfigFactory.parseString("pekko.actor.provider = local")
                .withFallback(ConfigFactory.load()));
    codec = new ValueCodec((ExtendedActorSystem) system);
  }

  @AfterAll
  static void stopSystem() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static PersistentRepr repr(Object event) {
    return PersistentRepr.apply(
        event,
        7,
        "partition|orders|1|0",
        "",
        false,
        ActorRef.noSender(),
        "2f1e3c4d-0000-4000-8000-000000000001");
  }

  // A Message's serializer writes into the journal's output as the Enqueued event's does.
  private static Message message() {
    return Message.builder("orders")
        .key("conversation-ü")
        .header("tenant", "acme")
        .payload(new byte[1024])
        .build();
  }

  @Test
  void roundTripsAnEventOfOurBinaryForm() throws Exception {
    Message event = message();

    PersistentRepr back =
        codec.decodeEvent(codec.encodeEvent(repr(event), 5), "partition|orders|1|0", 7);

    assertThat(back.payload()).isEqualTo(event);
    assertThat(back.timestamp()).isEqualTo(5);
    assertThat(back.writerUuid()).isEqualTo("2f1e3c4d-0000-4000-8000-000000000001");
  }

  @Test
  void roundTripsAnEventOfAnotherSerializer() throws Exception {
    String event = "a string, through Pekko's own serializer";

    PersistentRepr back =
        codec.decodeEvent(codec.encodeEvent(repr(event), 5), "partition|orders|1|0", 7);

    assertThat(back.payload()).isEqualTo(event);
  }

  @Test
  void encodesAnEventOfOurBinaryFormIntoOneArrayOfItsSize() throws Exception {
    assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    PersistentRepr repr = repr(message());
    int stored = codec.encodeEvent(repr, 5).length;
    for (int i = 0; i < 20_000; i++) {
      codec.encodeEvent(repr, 5);
    }

    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 1_000; i++) {
      codec.encodeEvent(repr, 5);
    }
    long perEvent = (threads.getCurrentThreadAllocatedBytes() - before) / 1_000;

    // The stored array and a few small ones; a copy of the message on the way was ~3x the size.
    assertThat(perEvent)
        .as("bytes allocated per encoded event of %d bytes", stored)
        .isLessThan(stored + 512L);
  }
}
