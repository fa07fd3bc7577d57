package io.switchboard.runtime.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConsoleSettingsTest {

  @Test
  void readsTheDefaultsOfReferenceConf() {
    ConsoleSettings settings = ConsoleSettings.fromConfig(ConfigFactory.load().getConfig("switchboard"));
    assertThat(settings.enabled()).isTrue();
    assertThat(settings.refreshInterval()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void refusesARefreshFasterThanHalfASecondNamingKeyBoundAndValue() {
    assertThatThrownBy(() -> ConsoleSettings.fromConfig(ConfigFactory.parseString(
        "console { enabled = on, refresh-interval = 100ms }")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("switchboard.console.refresh-interval must be at least 500ms, got 100ms");
  }

  @Test
  void disabledServesNothing() {
    assertThat(ConsoleSettings.disabled().enabled()).isFalse();
  }
}
