package io.switchboard.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

class MessageLimitsTest {
  private static MessageLimits read(String overrides) {
    Config config =
        ConfigFactory.parseString(overrides)
            .withFallback(ConfigFactory.load())
            .getConfig("switchboard.limits");
    return MessageLimits.fromConfig(config);
  }

  @Test
  void readsSizesWithUnits() {
    MessageLimits limits =
        read("switchboard.limits { max-payload-bytes = 2m, max-header-bytes = 8k }");
    assertThat(limits.maxPayloadBytes()).isEqualTo(2 * 1024 * 1024);
    assertThat(limits.maxHeaderBytes()).isEqualTo(8 * 1024);
  }

  @Test
  void refusesASizeOverTwoGibibytesInsteadOfTruncatingIt() {
    // (int) of 5 GiB is 1 GiB: the limit would have been a fifth of what was asked, unsaid
    assertThatThrownBy(() -> read("switchboard.limits.max-payload-bytes = 5g"))
        .isInstanceOf(ConfigException.BadValue.class)
        .hasMessageContaining("'switchboard.limits.max-payload-bytes'")
        .hasMessageEndingWith("must be 1 to 2147483647 bytes, got 5g");
  }
}
