package io.switchboard.internal.partition;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeadlinesTest {
  @Test
  void addsWithinRange() {
    assertThat(Deadlines.after(1_000, 30_000)).isEqualTo(31_000);
    assertThat(Deadlines.before(1_000, 30_000)).isEqualTo(-29_000);
  }

  @Test
  void saturatesInsteadOfWrappingIntoThePast() {
    long now = 1_800_000_000_000L;
    assertThat(Deadlines.after(now, Long.MAX_VALUE - 5)).isEqualTo(Long.MAX_VALUE);
    assertThat(Deadlines.before(-now, Long.MAX_VALUE)).isEqualTo(Long.MIN_VALUE);
    assertThat(Deadlines.before(now, Long.MIN_VALUE)).isEqualTo(Long.MAX_VALUE);
  }
}
