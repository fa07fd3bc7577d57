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
}
