package io.switchboard.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.CollectionSerializer.BindCollection;
import com.esotericsoftware.kryo.serializers.MapSerializer.BindMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class KryoPayloadCodecTest extends PayloadCodecContractTest {

  private static final PayloadCodec<Object> KRYO =
      PayloadCodec.kryo(List.of(Prompt.class, Completion.class, byte[].class));

  record Unlisted(String name) {}

  record Envelope(Unlisted inner) {}

  @Override
  @SuppressWarnings("unchecked") // one codec holds every listed class
  protected <T> PayloadCodec<T> codecFor(Class<T> type) {
    return (PayloadCodec<T>) (PayloadCodec<?>) KRYO;
  }

  @Override
  protected String expectedContentType() {
    return "application/x-kryo";
  }

  @Test
  void rejectsAnUnregisteredClassNamingItAndHowToRegister() {
    assertThatThrownBy(() -> KRYO.encode(new Unlisted("x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Unlisted.class.getName())
        .hasMessageContaining("switchboard.kryo.classes")
        .hasMessageContaining("PayloadCodec.kryo");
  }

  @Test
  void rejectsAnUnregisteredClassInsideARegisteredOne() {
    PayloadCodec<Object> codec = PayloadCodec.kryo(List.of(Envelope.class));

    assertThatThrownBy(() -> codec.encode(new Envelope(new Unlisted("x"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Unlisted.class.getName())
        .hasMessageContaining("switchboard.kryo.classes");
  }

  @Test
  void rejectsBytesWithOneByteChanged() {
    byte[] bytes = KRYO.encode(new Completion("hello", 1.0));
    bytes[bytes.length - 3] ^= 0x10;

    assertThatThrownBy(() -> KRYO.decode(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("checksum");
  }

  @Test
  void readsOldBytesAfterClassesAreAppended() {
    byte[] bytes = KRYO.encode(new Completion("hello", 1.0));
    PayloadCodec<Object> grown =
        PayloadCodec.kryo(List.of(Prompt.class, Completion.class, byte[].class, Unlisted.class));

    assertThat(grown.decode(bytes)).isEqualTo(new Completion("hello", 1.0));
  }

  @Test
  void rejectsBytesOfAClassThisCodecDoesNotList() {
    byte[] bytes = KRYO.encode(new Completion("hello", 1.0));
    PayloadCodec<Object> shorter = PayloadCodec.kryo(List.of(Prompt.class));

    assertThatThrownBy(() -> shorter.decode(bytes)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesAClassListedTwice() {
    assertThatThrownBy(() -> PayloadCodec.kryo(List.of(Prompt.class, byte[].class, Prompt.class)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Prompt.class.getName())
        .hasMessageContaining("positions 0 and 2");
  }

  @Test
  void refusesAnArrayLongerThanThePayloadWithoutAllocatingIt() {
    PayloadCodec<Object> codec = PayloadCodec.kryo(List.of(byte[].class, int[].class));
    byte[] bytes = codec.encode(new byte[] {1, 2, 3});
    byte[] ints = codec.encode(new int[] {1, 2, 3});
    for (byte[] valid : List.of(bytes, ints)) {
      // the class id, then a length of 500 million, then nothing: 11 bytes in all
      byte[] frame =
          reframe(new byte[] {valid[5], (byte) 0x80, (byte) 0xCA, (byte) 0xB5, (byte) 0xEE, 0x01});
      long before = allocatedBytes();
      assertThatThrownBy(() -> codec.decode(frame))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Buffer underflow");
      assertThat(allocatedBytes() - before).as("bytes allocated to refuse it").isLessThan(1 << 20);
    }
  }

  /** Collections, maps and object arrays Kryo sizes from a count, each with a sample value. */
  private static final List<Object> SIZED =
      List.of(
          new ArrayList<>(List.of("a")),
          new LinkedList<>(List.of("a")),
          new HashSet<>(Set.of("a")),
          new HashMap<>(Map.of("a", 1)),
          new TreeMap<>(Map.of("a", 1)),
          List.of("a", "b", "c"),
          Set.of("a", "b", "c"),
          Map.of("a", 1, "b", 2),
          new Object[] {"a"},
          new String[] {"a"},
          new Completion[] {new Completion("a", 1.0)});

  private static final PayloadCodec<Object> SIZED_CODEC = PayloadCodec.kryo(classesOf(SIZED));

  record Conversation(
      List<String> turns, Map<String, Integer> counts, Set<Completion> seen, String[] tags) {}

  record Turns(List<String> turns) {}

  @Test
  void refusesACollectionOrObjectArrayLongerThanThePayloadWithoutAllocatingIt() {
    for (Object sample : SIZED) {
      byte[] valid = SIZED_CODEC.encode(sample);
      // the class id, then a count of 500 million in the form this class's serializer reads, then
      // nothing
      Output body = new Output(16);
      body.writeByte(valid[5]);
      if (sample instanceof Collection<?>) {
        body.writeVarIntFlag(false, 500_000_001, true);
      } else {
        body.writeVarInt(500_000_001, true);
      }
      byte[] frame = reframe(body.toBytes());
      long before = allocatedBytes();
      assertThatThrownBy(() -> SIZED_CODEC.decode(frame))
          .as(sample.getClass().getName())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Buffer underflow")
          .hasMessageContaining("500000000 elements");
      assertThat(allocatedBytes() - before)
          .as("bytes allocated to refuse a " + sample.getClass().getName())
          .isLessThan(1 << 20);
    }
  }

  @Test
  void roundTripsCollectionsMapsAndObjectArrays() {
    for (Object sample : SIZED) {
      Object read = SIZED_CODEC.decode(SIZED_CODEC.encode(sample));
      assertThat(read).as(sample.getClass().getName()).isInstanceOf(sample.getClass());
      if (sample instanceof Object[] array) {
        assertThat((Object[]) read).containsExactly(array);
      } else {
        assertThat(read).isEqualTo(sample);
      }
    }
    List<Object> many = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      many.add(i % 3 == 0 ? null : "turn " + i);
    }
    assertThat(SIZED_CODEC.decode(SIZED_CODEC.encode(new ArrayList<>(many)))).isEqualTo(many);
  }

  @Test
  void roundTripsARecordOfCollectionsAndRefusesOneWithACountTooLarge() {
    Conversation conversation =
        new Conversation(
            List.of("hi", "hello"),
            Map.of("hi", 2),
            Set.of(new Completion("x", 0.5)),
            new String[] {"chat"});
    PayloadCodec<Object> codec =
        PayloadCodec.kryo(
            List.of(
                Conversation.class,
                Completion.class,
                Turns.class,
                List.of("a", "b").getClass(),
                Map.of("a", 1).getClass(),
                Set.of("a").getClass(),
                String[].class));

    assertThat(codec.decode(codec.encode(conversation)))
        .usingRecursiveComparison()
        .isEqualTo(conversation);

    byte[] bytes = codec.encode(new Turns(List.of("a", "b")));
    // after the record's and the list's class ids comes the list's count + 1 (3, with or without
    // a flag bit): make it 62 + 1, the largest in one byte either way, with 4 bytes left
    bytes[7] = (byte) ((bytes[7] & 0x80) | 0x3f);
    byte[] frame = reframe(Arrays.copyOfRange(bytes, 5, bytes.length));
    assertThatThrownBy(() -> codec.decode(frame))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Buffer underflow")
        .hasMessageContaining("62 elements");
  }

  /** A class whose fields carry serializers bound by annotations, made by Kryo itself. */
  static final class Annotated {
    @BindCollection(elementClass = String.class, elementsCanBeNull = false)
    ArrayList<String> turns = new ArrayList<>();

    @BindMap(
        keyClass = String.class,
        valueClass = String.class,
        keysCanBeNull = false,
        valuesCanBeNull = false)
    HashMap<String, String> labels = new HashMap<>();

    static Annotated of(List<String> turns, Map<String, String> labels) {
      Annotated value = new Annotated();
      value.turns.addAll(turns);
      value.labels.putAll(labels);
      return value;
    }
  }

  @Test
  void refusesAnAnnotatedFieldsCountLargerThanThePayloadWithoutAllocatingIt() {
    PayloadCodec<Object> codec =
        PayloadCodec.kryo(List.of(Annotated.class, ArrayList.class, HashMap.class));
    Annotated two = Annotated.of(List.of("a", "b"), Map.of("k", "v"));
    assertThat(codec.decode(codec.encode(two))).usingRecursiveComparison().isEqualTo(two);

    // where a count is: the first byte in which the bytes of 2 and of 3 elements differ; neither
    // field takes nulls, so Kryo writes both counts as plain varints
    byte[] turnCount =
        withCount(
            codec.encode(two),
            codec.encode(Annotated.of(List.of("a", "b", "c"), Map.of("k", "v"))),
            false);
    byte[] labelCount =
        withCount(
            codec.encode(two),
            codec.encode(Annotated.of(List.of("a", "b"), Map.of("k", "v", "l", "w"))),
            false);
    for (byte[] frame : List.of(turnCount, labelCount)) {
      long before = allocatedBytes();
      assertThatThrownBy(() -> codec.decode(frame))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Buffer underflow")
          .hasMessageContaining("500000000 elements");
      assertThat(allocatedBytes() - before).as("bytes allocated to refuse it").isLessThan(1 << 20);
    }
  }

  /**
   * Returns {@code valid} framed again with the count where it differs from {@code longer} made 500
   * million, in the form a collection ({@code flagged}) or a map reads it.
   */
  private static byte[] withCount(byte[] valid, byte[] longer, boolean flagged) {
    int at = 5;
    while (valid[at] == longer[at]) {
      at++;
    }
    Output body = new Output(valid.length + 8);
    body.writeBytes(valid, 5, at - 5);
    if (flagged) {
      body.writeVarIntFlag((valid[at] & 0x80) != 0, 500_000_001, true);
    } else {
      body.writeVarInt(500_000_001, true);
    }
    body.writeBytes(valid, at + 1, valid.length - at - 1);
    return reframe(body.toBytes());
  }

  @Test
  void acceptsAListThatNamesClassesKryoRegistersItself() {
    PayloadCodec<Object> codec =
        PayloadCodec.kryo(List.of(String.class, Integer.class, ArrayList.class));

    assertThat(codec.decode(codec.encode(new ArrayList<>(List.of("a", 1)))))
        .isEqualTo(List.of("a", 1));
  }

  @Test
  void refusesAStringLongerThanThePayloadWithoutAllocatingIt() {
    PayloadCodec<Object> codec = PayloadCodec.kryo(List.of(Completion.class));
    byte[] valid = codec.encode("h\u00e9llo"); // Kryo registers String itself
    // String's class id, then a UTF-8 string of 500 million chars (flag bit set), then nothing
    Output body = new Output(16);
    body.writeByte(valid[5]);
    body.writeVarIntFlag(true, 500_000_001, true);
    byte[] frame = reframe(body.toBytes());
    long before = allocatedBytes();
    assertThatThrownBy(() -> codec.decode(frame))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Buffer underflow");
    assertThat(allocatedBytes() - before).as("bytes allocated to refuse it").isLessThan(1 << 20);
    assertThat(codec.decode(valid)).isEqualTo("h\u00e9llo");
  }

  @Test
  void refusesToWriteACollectionOfOnlyNullsItsReaderWouldRefuse() {
    // Kryo writes it as its count alone, so the reader's bound of a byte per element would refuse
    // it
    assertThatThrownBy(() -> SIZED_CODEC.encode(new ArrayList<>(Collections.nCopies(100, null))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("100 elements")
        .hasMessageContaining("only nulls");
    List<Object> one = new ArrayList<>(Collections.nCopies(1, null));
    assertThat(SIZED_CODEC.decode(SIZED_CODEC.encode(one))).isEqualTo(one);
  }

  private static List<Class<?>> classesOf(List<Object> samples) {
    List<Class<?>> classes = new ArrayList<>();
    for (Object sample : samples) {
      if (!classes.contains(sample.getClass())) {
        classes.add(sample.getClass());
      }
    }
    if (!classes.contains(Completion.class)) {
      classes.add(Completion.class);
    }
    return classes;
  }

  /** Returns {@code body} behind the format byte and a CRC32C that matches it. */
  private static byte[] reframe(byte[] body) {
    byte[] frame = new byte[5 + body.length];
    System.arraycopy(body, 0, frame, 5, body.length);
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(body, 0, body.length);
    int c = (int) crc.getValue();
    frame[0] = 1;
    frame[1] = (byte) (c >>> 24);
    frame[2] = (byte) (c >>> 16);
    frame[3] = (byte) (c >>> 8);
    frame[4] = (byte) c;
    return frame;
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean)
            java.lang.management.ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }
}
