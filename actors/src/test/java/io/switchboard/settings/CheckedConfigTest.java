package io.switchboard.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

/** Checked reads: each refusal names the full key, where it was set, the range and the value. */
class CheckedConfigTest {
  enum Mode {
    FAST,
    SLOW_AND_STEADY
  }

  private static CheckedConfig block(String text) {
    return CheckedConfig.of(ConfigFactory.parseString("a.b { " + text + " }"), "a.b");
  }

  @Test
  void readsAnEnumInLowerCaseWithDashesAndInAnyCase() {
    assertThat(block("mode = slow-and-steady").oneOf("mode", Mode.class))
        .isEqualTo(Mode.SLOW_AND_STEADY);
    assertThat(block("mode = FAST").oneOf("mode", Mode.class)).isEqualTo(Mode.FAST);
  }

  @Test
  void refusesAnUnknownEnumListingTheChoices() {
    assertThatThrownBy(() -> block("mode = sometimes").oneOf("mode", Mode.class))
        .isInstanceOf(ConfigException.BadValue.class)
        .hasMessageContaining("String: 1")
        .hasMessageContaining("'a.b.mode'")
        .hasMessageEndingWith("must be one of fast, slow-and-steady, got 'sometimes'");
  }

  @Test
  void readsASizeThatFitsAnIntAndRefusesOneThatDoesNot() {
    assertThat(block("size = 2047 MiB").intBytes("size", 1)).isEqualTo(2047 << 20);
    assertThatThrownBy(() -> block("size = 2 GiB").intBytes("size", 1))
        .isInstanceOf(ConfigException.BadValue.class)
        .hasMessageEndingWith("must be 1 to 2147483647 bytes, got 2 GiB");
  }

  @Test
  void aSubBlockNamesItsFullPath() {
    assertThatThrownBy(() -> block("inner { wait = 0s }").block("inner").positive("wait"))
        .hasMessageContaining("'a.b.inner.wait'");
  }

  @Test
  void aNonNegativeDurationTakesZeroAndRefusesLess() {
    assertThat(block("every = 0s").nonNegative("every")).isZero();
    assertThatThrownBy(() -> block("every = -1ms").nonNegative("every"))
        .isInstanceOf(ConfigException.BadValue.class)
        .hasMessageEndingWith("must be 0 or above, got -1ms");
  }
}
