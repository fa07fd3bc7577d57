package io.switchboard.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.simulator.scenario.SweepRange;
import org.junit.jupiter.api.Test;

class SloTest {

  @Test
  void parsesStatisticsAndUnits() {
    Slo slo = Slo.parse("p99<2s, p50<=300ms,max<1m,mean<500us");

    assertThat(slo.limits())
        .extracting(Slo.Limit::statistic)
        .containsExactly("p99", "p50", "max", "mean");
    assertThat(slo.limits()).extracting(Slo.Limit::seconds).containsExactly(2.0, 0.3, 60.0, 0.0005);
  }

  @Test
  void rejectsUnknownStatisticWithAnExample() {
    assertThatThrownBy(() -> Slo.parse("p90<2s"))
        .hasMessageContaining("p90<2s")
        .hasMessageContaining("p99<2s");
  }

  @Test
  void parsesSweepRanges() {
    assertThat(SweepRange.parse("workers.h100.count=2..16:2").values())
        .containsExactly(2, 4, 6, 8, 10, 12, 14, 16);
    assertThatThrownBy(() -> SweepRange.parse("workers.h100.count=16..2"))
        .hasMessageContaining("from <= to");
    assertThat(new SweepRange("k", Integer.MAX_VALUE - 2, Integer.MAX_VALUE, 1).values())
        .hasSize(3);
  }
}
