package io.switchboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.switchboard.message.MessageLimits;
import io.switchboard.topic.TopicConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The {@code switchboard} block read once: the reference values, and a clear error per bad kind.
 */
class SwitchboardSettingsTest {

  private static SwitchboardSettings read(String overrides) {
    return SwitchboardSettings.fromConfig(ConfigFactory.load(ConfigFactory.parseString(overrides)));
  }

  @Test
  void readsTheReferenceValuesOnce() {
    SwitchboardSettings settings = read("");
    assertThat(settings.askTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.failFast().after()).isEqualTo(Duration.ofSeconds(1));
    assertThat(settings.maxBatchBytes()).isEqualTo(2L << 20);
    assertThat(settings.pull().maxMessages()).isEqualTo(1000);
    assertThat(settings.deadLetters().retention()).isEqualTo(Duration.ofDays(7));
    assertThat(settings.requests().window()).isEqualTo(32);
  }

  @Test
  void theBuiltInDefaultsAreTheReferenceConfNotASecondCopy() {
    assertThat(read("").limits()).isEqualTo(MessageLimits.DEFAULTS);
    assertThat(read("").topicDefaults("t")).isEqualTo(TopicConfig.of("t"));
    SwitchboardSettings changed =
        read("switchboard.topic-defaults.partitions = 7\nswitchboard.limits.max-headers = 9");
    assertThat(changed.topicDefaults("t").partitions()).isEqualTo(7);
    assertThat(changed.limits().maxHeaders()).isEqualTo(9);
  }

  @Test
  void refusesANegativeDurationNamingTheKeyAndTheValue() {
    assertThatThrownBy(() -> read("switchboard.ask-timeout = -1s"))
        .isInstanceOf(ConfigException.BadValue.class)
        .hasMessageContaining("'switchboard.ask-timeout'")
        .hasMessageEndingWith("must be above 0, got -1s");
    assertThatThrownBy(() -> read("switchboard.consumer.stop-grace = -5ms"))
        .isInstanceOf(ConfigException.BadValue.class)
        .hasMessageContaining("'switchboard.consumer.stop-grace'");
  }

  @Test
  void refusesADurationAboveItsRange() {
    assertThatThrownBy(() -> read("switchboard.pull.join-wait = 11s"))
        .isInstanceOf(ConfigException.BadValue.class)
        .hasMessageContaining("'switchboard.pull.join-wait'")
        .hasMessageEndingWith("must be PT0S to PT10S, got 11s");
  }

  @Test
  void refusesASizeOverTheIntRangeInsteadOfTruncatingIt() {
    // (int) of 4 GiB is 0: a cast would have turned it into "no batch" silently
    assertThatThrownBy(() -> read("switchboard.partition.max-batch-bytes = 4 GiB"))
        .isInstanceOf(ConfigException.BadValue.class)
        .hasMessageContaining("'switchboard.partition.max-batch-bytes'")
        .hasMessageEndingWith("must be 1 to 2147483647 bytes, got 4 GiB");
  }

  @Test
  void refusesAnIntOutOfRange() {
    assertThatThrownBy(() -> read("switchboard.pull.prefetch = 0"))
        .isInstanceOf(ConfigException.BadValue.class)
        .hasMessageEndingWith("must be 1 to 2147483647, got 0");
  }

  @Test
  void refusesAWrongType() {
    assertThatThrownBy(() -> read("switchboard.ask-timeout = soon"))
        .isInstanceOf(ConfigException.BadValue.class)
        .hasMessageContaining("switchboard.ask-timeout");
  }

  @Test
  void refusesBadTopicDefaultsAtStartNotAtTheFirstCreate() {
    assertThatThrownBy(() -> read("switchboard.topic-defaults.partitions = 0"))
        .hasMessageContaining("partitions");
  }
}
