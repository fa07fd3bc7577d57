package io.switchboard.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import io.switchboard.routing.Route;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.SerializerWithStringManifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The read limits and class checks of jackson-cbor as Switchboard configures it
 * (pekko-defaults.conf).
 */
class CborReadLimitsTest {
  private static ActorSystem system;
  private static SerializerWithStringManifest cbor;

  @BeforeAll
  static void startSystem() throws Exception {
    system = ActorSystem.create("cbor-read-limits-test");
    Serialization serialization = SerializationExtension.get(system);
    cbor = (SerializerWithStringManifest) serialization.serializerFor(Route.class);
  }

  @AfterAll
  static void stopSystem() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void readsWhatItWrites() throws Exception {
    Route route = new Route("chat.*", "chat");
    assertThat(cbor.fromBinary(cbor.toBinary(route), cbor.manifest(route))).isEqualTo(route);
  }

  @Test
  void readsAMessageWithTheLongestHeaderNameAllowed() throws Exception {
    // inside other cluster messages a Message is CBOR, its header names map keys
    String name = "\u00e9".repeat(16 * 1024 - 1);
    Message message = Message.builder("t").headers(java.util.Map.of(name, "v")).build();
    Message back = (Message) cbor.fromBinary(cbor.toBinary(message), cbor.manifest(message));
    assertThat(back.headers()).containsEntry(name, "v");
  }

  @Test
  void refusesNestingDeeperThanTheLimitWithoutExhaustingTheStack() throws Exception {
    // {"pattern": [[[[ ... ]]]], ...}: 5,000 levels would overflow a binder without a limit
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (CBORGenerator generator = new CBORFactory().createGenerator(out)) {
      generator.writeStartObject();
      generator.writeFieldName("unknown"); // skipped: every token still passes the parser's limits
      for (int i = 0; i < 101; i++) {
        generator.writeStartArray();
      }
      for (int i = 0; i < 101; i++) {
        generator.writeEndArray();
      }
      generator.writeEndObject();
    }
    assertThatThrownBy(() -> cbor.fromBinary(out.toByteArray(), cbor.manifest(new Route("a", "b"))))
        .hasStackTraceContaining("nesting depth")
        .hasStackTraceContaining("100");
  }

  @Test
  void refusesAStringLongerThanTheLimit() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (CBORGenerator generator = new CBORFactory().createGenerator(out)) {
      generator.writeStartObject();
      generator.writeStringField("pattern", "x".repeat(4 * 1024 * 1024 + 1));
      generator.writeStringField("topic", "t");
      generator.writeEndObject();
    }
    assertThatThrownBy(() -> cbor.fromBinary(out.toByteArray(), cbor.manifest(new Route("a", "b"))))
        .hasStackTraceContaining("String value length");
  }

  @Test
  void neverInstantiatesAClassThatIsNotBound() {
    // a manifest naming a class outside serialization-bindings, as a hostile peer would send
    byte[] empty = {(byte) 0xA0}; // {}
    assertThatThrownBy(() -> cbor.fromBinary(empty, Tripwire.class.getName()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("listed as allowed");
    assertThatThrownBy(() -> cbor.fromBinary(empty, "java.util.HashMap"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Tripwire.BUILT).isFalse();
  }

  /** A class a payload must never make the node build. */
  public static final class Tripwire {
    static final AtomicBoolean BUILT = new AtomicBoolean();

    public Tripwire() {
      BUILT.set(true);
    }
  }
}
