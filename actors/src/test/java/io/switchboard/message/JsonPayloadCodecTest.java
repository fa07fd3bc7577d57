package io.switchboard.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonPayloadCodecTest extends PayloadCodecContractTest {

  @Override
  protected <T> PayloadCodec<T> codecFor(Class<T> type) {
    return PayloadCodec.json(type);
  }

  @Override
  protected String expectedContentType() {
    return "application/json";
  }

  @Test
  void ignoresFieldsAddedByNewerProducers() {
    byte[] newer =
        "{\"text\":\"hi\",\"latencyMillis\":3.0,\"model\":\"added-later\"}"
            .getBytes(StandardCharsets.UTF_8);

    assertThat(PayloadCodec.json(Completion.class).decode(newer))
        .isEqualTo(new Completion("hi", 3.0));
  }

  @Test
  void rejectsJsonNull() {
    byte[] nullJson = "null".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> PayloadCodec.json(Completion.class).decode(nullJson))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Completion.class.getName());
  }

  @Test
  void writesJavaTimeAsIsoText() {
    record Stamped(java.time.Instant at) {}
    PayloadCodec<Stamped> codec = PayloadCodec.json(Stamped.class);
    Stamped stamped = new Stamped(java.time.Instant.parse("2026-01-02T03:04:05Z"));

    assertThat(new String(codec.encode(stamped), StandardCharsets.UTF_8))
        .contains("2026-01-02T03:04:05Z");
    assertThat(codec.decode(codec.encode(stamped))).isEqualTo(stamped);
  }
}
