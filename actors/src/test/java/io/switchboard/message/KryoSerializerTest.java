package io.switchboard.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.NotSerializableException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KryoSerializerTest {

  // The block docs/serialization.md asks for, plus an application's bindings and class list.
  private static final Config CONFIG =
      ConfigFactory.parseString(
              """
      pekko.actor {
        serializers.switchboard-kryo = "io.switchboard.message.KryoSerializer"
        serialization-bindings {
          "io.switchboard.message.Prompt" = switchboard-kryo
          "io.switchboard.message.Completion" = switchboard-kryo
        }
      }
      switchboard.kryo.classes = [
        "io.switchboard.message.Prompt", "io.switchboard.message.Completion", "[B"
      ]
      """)
          .withFallback(ConfigFactory.load());

  private static ActorSystem system;
  private static Serialization serialization;

  @BeforeAll
  static void startSystem() {
    system = ActorSystem.create("kryo-serializer-test", CONFIG);
    serialization = SerializationExtension.get(system);
  }

  @AfterAll
  static void stopSystem() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void isTheSerializerOfBoundClasses() throws Exception {
    Serializer serializer = serialization.serializerFor(Prompt.class);

    assertThat(serializer).isInstanceOf(KryoSerializer.class);
    assertThat(serializer.identifier()).isEqualTo(KryoSerializer.IDENTIFIER);
  }

  @Test
  void roundTripsThroughSerializationExtension() {
    Prompt prompt = new Prompt("conversation-7", 512, new byte[] {4, 5, 6});
    Serializer serializer = serialization.findSerializerFor(prompt);
    String manifest = Serializers.manifestFor(serializer, prompt);

    byte[] bytes = serialization.serialize(prompt).get();
    Object back = serialization.deserialize(bytes, serializer.identifier(), manifest).get();

    assertThat(manifest).isEqualTo(Prompt.class.getName());
    PayloadCodecContractTest.assertSamePrompt((Prompt) back, prompt);
  }

  @Test
  void rejectsBytesWhoseClassIsNotTheManifest() throws Exception {
    KryoSerializer serializer = (KryoSerializer) serialization.serializerFor(Completion.class);
    byte[] bytes = serializer.toBinary(new Completion("hi", 1.0));

    assertThatThrownBy(() -> serializer.fromBinary(bytes, Prompt.class.getName()))
        .isInstanceOf(NotSerializableException.class)
        .hasMessageContaining("switchboard.kryo.classes differs");
  }

  @Test
  void namesAListedClassThatDoesNotExist() {
    Config config =
        ConfigFactory.parseString(
            "switchboard.kryo.classes = [\"io.switchboard.message.Prompt\", \"com.example.Missing\"]");

    assertThatThrownBy(() -> KryoSerializer.classes(config, getClass().getClassLoader()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("switchboard.kryo.classes[1]")
        .hasMessageContaining("com.example.Missing");
  }
}
