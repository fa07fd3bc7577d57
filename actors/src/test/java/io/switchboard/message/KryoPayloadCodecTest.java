package io.switchboard.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
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
      byte[] frame = reframe(new byte[] {valid[5], (byte) 0x80, (byte) 0xCA, (byte) 0xB5, (byte) 0xEE, 0x01});
      long before = allocatedBytes();
      assertThatThrownBy(() -> codec.decode(frame)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Buffer underflow");
      assertThat(allocatedBytes() - before).as("bytes allocated to refuse it").isLessThan(1 << 20);
    }
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
    return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }
}
