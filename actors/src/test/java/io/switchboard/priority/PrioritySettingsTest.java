package io.switchboard.priority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrioritySettingsTest {

  @Test
  void readsTheBandsOfReferenceConfHighestFirst() {
    PrioritySettings settings =
        PrioritySettings.fromConfig(ConfigFactory.load().getConfig("switchboard"));

    assertThat(settings).isEqualTo(PrioritySettings.DEFAULTS);
    assertThat(settings.rank("interactive")).isZero();
    assertThat(settings.defaultRank()).isEqualTo(1);
    assertThat(settings.rank("urgent")).isEqualTo(-1);
  }

  @Test
  void refusesBandsThatCannotBeServedNamingTheKey() {
    assertThatThrownBy(() -> new PrioritySettings(List.of(), "default", 10))
        .hasMessageContaining("switchboard.priority.bands");
    assertThatThrownBy(() -> new PrioritySettings(List.of("a", "a"), "a", 10))
        .hasMessageContaining("distinct");
    assertThatThrownBy(() -> new PrioritySettings(List.of("a b"), "a b", 10))
        .hasMessageContaining("switchboard.priority.bands");
    assertThatThrownBy(() -> new PrioritySettings(List.of("high", "low"), "default", 10))
        .hasMessageContaining("switchboard.priority.default-band")
        .hasMessageContaining("'default'");
    assertThatThrownBy(() -> new PrioritySettings(List.of("high"), "high", 0))
        .hasMessageContaining("switchboard.priority.max-cost");
  }

  @Test
  void readsACostLeniently() {
    assertThat(SchedulingHeaders.cost(java.util.Map.of())).isEqualTo(1);
    assertThat(SchedulingHeaders.cost(java.util.Map.of("switchboard-cost", "0"))).isZero();
    assertThat(SchedulingHeaders.cost(java.util.Map.of("switchboard-cost", "4096")))
        .isEqualTo(4096);
    // Checked at publish; a stored value that no longer parses (none should) counts one token.
    assertThat(SchedulingHeaders.cost(java.util.Map.of("switchboard-cost", "x"))).isEqualTo(1);
  }
}
