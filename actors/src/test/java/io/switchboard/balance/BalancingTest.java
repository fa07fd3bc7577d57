package io.switchboard.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BalancingTest {

  @Test
  void parsesTheDocumentedSpellingsInAnyAsciiCase() {
    for (Balancing balancing : Balancing.values()) {
      assertThat(Balancing.parse(balancing.configName())).isEqualTo(balancing);
      assertThat(Balancing.parse(balancing.name())).isEqualTo(balancing);
      assertThat(Balancing.parse(balancing.configName().toUpperCase(java.util.Locale.ROOT)))
          .isEqualTo(balancing);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "round-rob\u0131n",
        "ROUND-ROB\u0130N",
        " round-robin",
        "round-robin ",
        "round_robin-",
        "round-robin\u0000",
        "consistent-hash\u200b",
        "wei\u0261hted",
        "",
        "random"
      })
  void refusesEverythingElse(String name) {
    assertThatThrownBy(() -> Balancing.parse(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("round-robin");
  }
}
