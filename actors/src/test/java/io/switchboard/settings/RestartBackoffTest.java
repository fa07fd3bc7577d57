package io.switchboard.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.switchboard.SwitchboardSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartBackoffTest {
  private static RestartBackoff read(String text) {
    return RestartBackoff.fromConfig(
        CheckedConfig.of(ConfigFactory.parseString("a { restart-backoff { " + text + " } }"), "a"));
  }

  @Test
  void theRegistryTakesItsBackoffFromReferenceConf() {
    SwitchboardSettings settings = SwitchboardSettings.fromConfig(ConfigFactory.load());

    assertThat(settings.registryRestart())
        .isEqualTo(new RestartBackoff(Duration.ofMillis(100), Duration.ofSeconds(5)));
  }

  @Test
  void refusesAMaxBelowTheMinNamingTheKey() {
    assertThatThrownBy(() -> read("min = 2s, max = 1s"))
        .isInstanceOf(ConfigException.BadValue.class)
        .hasMessageContaining("'a.restart-backoff.max'")
        .hasMessageEndingWith("must be PT2S to PT1H, got 1s");
  }

  @Test
  void refusesAZeroMin() {
    assertThatThrownBy(() -> read("min = 0s, max = 1s"))
        .isInstanceOf(ConfigException.BadValue.class)
        .hasMessageContaining("'a.restart-backoff.min'");
  }
}
