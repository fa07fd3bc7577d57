package io.switchboard.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import org.junit.jupiter.api.Test;

class TextTest {
  @Test
  void acceptsPairedSurrogatesAndPrintableUnicode() {
    assertThat(Text.isClean("chat.request ü 中文 \uD83D\uDE00 \u00A0", false)).isTrue();
    assertThat(Text.isClean("", false)).isTrue();
  }

  @Test
  void refusesUnpairedSurrogatesAnywhere() {
    assertThat(Text.fault("\uD800", false)).contains("unpaired surrogate U+D800 at index 0");
    assertThat(Text.fault("ab\uDC00", false)).contains("U+DC00 at index 2");
    assertThat(Text.fault("\uD83D\uD83D\uDE00", false)).contains("at index 0");
    assertThat(Text.unpairedSurrogate("a\uD83D\uDE00\uD800")).isEqualTo(3);
  }

  @Test
  void refusesC0DelAndC1ControlsButTabOnlyWhereAllowed() {
    for (char c : new char[] {0, 7, 10, 13, 0x1F, 0x7F, 0x80, 0x85, 0x9F}) {
      assertThat(Text.isClean("a" + c, true)).as("U+%04X", (int) c).isFalse();
    }
    assertThat(Text.isClean("a\tb", true)).isTrue();
    assertThat(Text.isClean("a\tb", false)).isFalse();
    assertThat(Text.isClean("\u00A0\u2028", false)).isTrue();
  }

  @Test
  void requireNamesTheFieldAndPassesNull() {
    assertThat(Text.require(ErrorCode.INVALID_MESSAGE, "key", null, false)).isNull();
    assertThatThrownBy(() -> Text.require(ErrorCode.INVALID_MESSAGE, "key", "k\u0000", false))
        .isInstanceOfSatisfying(
            SwitchboardException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
              assertThat(e.getMessage()).isEqualTo("key has a control character U+0000 at index 1");
            });
  }

  @Test
  void quotesWhatAnEncoderCannotWrite() {
    assertThat(Text.quote("a\uD800b\u0007\uD83D\uDE00")).isEqualTo("a\\uD800b\\u0007\uD83D\uDE00");
    assertThat(Text.quote("x".repeat(100))).hasSize(67).endsWith("...");
    assertThat(Text.quote(null)).isEqualTo("null");
  }
}
