package io.switchboard.runtime.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.typesafe.config.ConfigFactory;
import io.switchboard.consumer.AckResult;
import io.switchboard.consumer.Receipt;
import io.switchboard.internal.group.ConsumerGroupBalancer;
import io.switchboard.internal.request.ReplyProtocol;
import io.switchboard.internal.serialization.MessageSerializer;
import io.switchboard.message.Message;
import io.switchboard.message.PayloadCodec;
import io.switchboard.request.ReplyChunk;
import io.switchboard.routing.Route;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.SerializerWithStringManifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mutated and random bytes through the serializers a peer or a journal row reaches: the binary
 * {@link MessageSerializer}, jackson-cbor with the manifests of bound classes, and Kryo payloads
 * (framed again with a matching checksum). Every input is read back as a value or refused with an
 * exception, never an {@link Error} (stack, heap) and never a hang. Corpora: {@code
 * fuzz/message.txt}, {@code fuzz/cbor.txt}, {@code fuzz/kryo.txt}; tries: {@code -Dfuzz.tries=N},
 * seed {@code -Dfuzz.seed=S} ({@link Mutations}).
 */
class SerializerFuzzTest {
  private static final Duration PER_INPUT = Duration.ofSeconds(5);
  private static ActorSystem system;
  private static SerializerWithStringManifest cbor;
  private static final MessageSerializer MESSAGES = new MessageSerializer(null);

  /**
   * Classes whose sizes Kryo reads from the bytes: arrays, a string, collections, maps, object
   * arrays.
   */
  private static final PayloadCodec<Object> KRYO =
      PayloadCodec.kryo(
          List.of(
              byte[].class,
              int[].class,
              long[].class,
              String.class,
              double[].class,
              ArrayList.class,
              HashMap.class,
              List.of(1, 2, 3).getClass(),
              Map.of(1, 2, 3, 4).getClass(),
              Object[].class,
              String[].class,
              HashSet.class));

  /** Format byte and CRC32C in front of a Kryo body (KryoPayloadCodec). */
  private static final int KRYO_HEADER = 5;

  @BeforeAll
  static void startSystem() throws Exception {
    system =
        ActorSystem.create(
            "serializer-fuzz",
            ConfigFactory.parseString("pekko.actor.provider = local")
                .withFallback(ConfigFactory.load()));
    cbor =
        (SerializerWithStringManifest)
            SerializationExtension.get(system).serializerFor(Route.class);
  }

  @AfterAll
  static void stopSystem() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void messageBytesAreReadOrRefused() {
    Mutations.forAll(
        messageBytes(),
        Mutations::base64,
        bytes -> decodes(() -> MESSAGES.fromBinary(bytes, "M1")));
  }

  @Test
  void cborBytesAreReadOrRefused() {
    Mutations.forAll(
        cborInputs(),
        CborInput::toString,
        input -> decodes(() -> cbor.fromBinary(input.bytes(), input.manifest())));
  }

  @Test
  void kryoPayloadsAreReadOrRefused() {
    Mutations.forAll(kryoFrames(), Mutations::base64, frame -> decodes(() -> KRYO.decode(frame)));
  }

  private static List<byte[]> kryoFrames() {
    // the body is mutated and framed again with a matching CRC32C, as an attacker would
    List<byte[]> bodies =
        Corpus.base64("kryo.txt").stream()
            .map(frame -> Arrays.copyOfRange(frame, KRYO_HEADER, frame.length))
            .toList();
    return Mutations.inputs(bodies, Mutations.seed(), Mutations.tries()).stream()
        .map(SerializerFuzzTest::kryoFrame)
        .toList();
  }

  private static byte[] kryoFrame(byte[] body) {
    byte[] frame = new byte[KRYO_HEADER + body.length];
    System.arraycopy(body, 0, frame, KRYO_HEADER, body.length);
    CRC32C crc = new CRC32C();
    crc.update(body, 0, body.length);
    frame[0] = 1;
    ByteBuffer.wrap(frame, 1, 4).putInt((int) crc.getValue());
    return frame;
  }

  /** Nine in ten a mutated corpus entry, one in ten up to 256 random bytes. */
  private static List<byte[]> messageBytes() {
    List<byte[]> corpus = Corpus.base64("message.txt");
    SplittableRandom random = Mutations.random();
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < Mutations.tries(); i++) {
      out.add(
          random.nextInt(10) < 9
              ? Mutations.mutate(corpus, random)
              : Mutations.randomBytes(random, 256));
    }
    return out;
  }

  /** A manifest and a mutated entry, each drawn on its own (bytes read as another class too). */
  private static List<CborInput> cborInputs() {
    List<String> lines = Corpus.lines("cbor.txt");
    List<String> manifests =
        lines.stream().map(line -> line.substring(0, line.indexOf(' '))).distinct().toList();
    List<byte[]> entries =
        lines.stream()
            .map(line -> Base64.getDecoder().decode(line.substring(line.indexOf(' ') + 1)))
            .toList();
    SplittableRandom random = Mutations.random();
    List<CborInput> out = new ArrayList<>();
    for (int i = 0; i < Mutations.tries(); i++) {
      out.add(
          new CborInput(
              manifests.get(random.nextInt(manifests.size())), Mutations.mutate(entries, random)));
    }
    return out;
  }

  /** Bytes and the manifest (class name) they are read as. */
  record CborInput(String manifest, byte[] bytes) {
    @Override
    public String toString() {
      return manifest + " " + Base64.getEncoder().encodeToString(bytes);
    }
  }

  /** A decoder call that may throw anything but an Error and must end within {@link #PER_INPUT}. */
  interface Decode {
    Object run() throws Exception;
  }

  private static void decodes(Decode decode) {
    Throwable failure =
        assertTimeoutPreemptively(
            PER_INPUT,
            () -> {
              try {
                assertThat(decode.run()).isNotNull();
                return null;
              } catch (Exception refused) {
                return refused;
              }
            });
    if (failure != null) {
      assertThat(failure).isInstanceOf(Exception.class);
    }
  }

  /**
   * Rewrites the corpora from valid values: {@code -Dfuzz.writeCorpus=<resources dir>/fuzz}. The
   * files are kept in the repository so a change of the wire forms shows in review.
   */
  @Test
  void writesTheCorpusWhenAsked() throws Exception {
    String dir = System.getProperty("fuzz.writeCorpus");
    if (dir == null) {
      return;
    }
    List<Message> messages =
        List.of(
            Message.builder("t").build(),
            Message.builder("orders")
                .key("customer-7")
                .type("chat.request")
                .headers(Map.of("trace", "t-1"))
                .payload("{\"text\":\"hello\"}".getBytes(StandardCharsets.UTF_8))
                .build(),
            new Message(
                "0190a1b2-id",
                "orders",
                "k",
                "chat.request",
                "web",
                "pool-a",
                Map.of("tenant", "acme", "h\u00e9", "\ud83d\ude00"),
                new byte[300],
                "application/octet-stream",
                Instant.parse("2026-11-30T19:00:00.123456789Z"),
                "idem-1"));
    List<String> binary =
        new ArrayList<>(
            List.of(
                "# MessageSerializer (M1) encodings, base64; SerializerFuzzTest#writesTheCorpusWhenAsked"));
    messages.forEach(m -> binary.add(Base64.getEncoder().encodeToString(MESSAGES.toBinary(m))));
    Files.write(Path.of(dir, "message.txt"), binary);

    List<Object> values =
        List.of(
            new Route("chat.*", "chat"),
            new Route("events.#", "audit"),
            new AckResult(List.of(new Receipt(0, 7, 1, 2, 0)), List.of()),
            new ReplyProtocol.Batch(
                List.of(
                    new ReplyChunk("r-1", 1, new byte[] {104, 105}, false),
                    new ReplyChunk("r-1", 2, new byte[0], true)),
                true),
            new ConsumerGroupBalancer.GroupLoad(
                List.of(new ConsumerGroupBalancer.ConsumerLoad("c-1", 3, 1.5, 2e6))),
            messages.get(1));
    List<String> text =
        new ArrayList<>(
            List.of(
                "# jackson-cbor encodings: <manifest> <base64>; SerializerFuzzTest#writesTheCorpusWhenAsked"));
    for (Object value : values) {
      text.add(
          cbor.manifest(value) + " " + Base64.getEncoder().encodeToString(cbor.toBinary(value)));
    }
    Files.write(Path.of(dir, "cbor.txt"), text);

    List<String> kryo =
        new ArrayList<>(
            List.of(
                "# KryoPayloadCodec frames of byte[], int[], long[], String, double[],"
                    + " ArrayList, HashMap, List.of, Map.of, Object[], String[], HashSet; base64"));
    for (Object value :
        List.of(
            new byte[] {1, 2, 3},
            new int[] {7, -1, 1 << 30},
            new long[] {1L << 40, 0},
            "hello \u00e9\ud83d\ude00",
            new double[] {0.5, Double.NaN},
            new byte[200],
            new ArrayList<>(Arrays.asList("a", null, "b\u00e9")),
            new HashMap<>(Map.of("k", List.of(1, 2, 3), "n", 7)),
            List.of("x", "y", "z"),
            Map.of("a", 1, "b", new int[] {2}),
            new Object[] {"s", 1L, new ArrayList<>(List.of(0.5))},
            new String[] {"p", null, "q"},
            new HashSet<>(List.of("u", "v")))) {
      kryo.add(Base64.getEncoder().encodeToString(KRYO.encode(value)));
    }
    Files.write(Path.of(dir, "kryo.txt"), kryo);
  }
}
