package io.switchboard.runtime.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConsoleSettingsTest {

  @Test
  void readsTheDefaultsOfReferenceConf() {
    ConsoleSettings settings =
        ConsoleSettings.fromConfig(ConfigFactory.load().getConfig("switchboard"));
    assertThat(settings.enabled()).isTrue();
    assertThat(settings.refreshInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(settings.chartWindow()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void refusesAChartWindowOutsideOneMinuteToOneHour() {
    assertThatThrownBy(
            () ->
                ConsoleSettings.fromConfig(
                    ConfigFactory.parseString(
                        "console { enabled = on, refresh-interval = 2s, chart-window = 2h }")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("switchboard.console.chart-window must be from 1m to 1h, got 7200s");
    assertThatThrownBy(
            () -> new ConsoleSettings(true, Duration.ofSeconds(2), Duration.ofSeconds(10)))
        .hasMessageContaining("got 10s");
  }

  @Test
  void refusesARefreshFasterThanHalfASecondNamingKeyBoundAndValue() {
    assertThatThrownBy(
            () ->
                ConsoleSettings.fromConfig(
                    ConfigFactory.parseString(
                        "console { enabled = on, refresh-interval = 100ms, chart-window = 5m }")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("switchboard.console.refresh-interval must be at least 500ms, got 100ms");
  }

  @Test
  void disabledServesNothing() {
    assertThat(ConsoleSettings.disabled().enabled()).isFalse();
  }
}
