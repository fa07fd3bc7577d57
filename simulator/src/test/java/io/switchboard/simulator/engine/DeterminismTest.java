package io.switchboard.simulator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.simulator.report.SeriesCsv;
import io.switchboard.simulator.report.SummaryJson;
import io.switchboard.simulator.scenario.Scenario;
import io.switchboard.simulator.scenario.TestScenarios;
import org.junit.jupiter.api.Test;

/**
 * Same scenario and seed, same bytes. The chat scenario exercises every source of randomness and
 * ordering: zipf keys, token draws, daily arrivals, several partitions, network hops, prefix caches
 * and a worker fault.
 */
class DeterminismTest {

  private static Scenario chat(long seed) {
    return TestScenarios.bundled(
        "chat-llm",
        "run.duration=8m",
        "run.warmup=1m",
        "run.drain=5m",
        "run.seed=" + seed,
        "fabric.balancing=round-robin",
        "faults=[{ at = 4m, worker = h100-1, down-for = 1m, detect = lease }]",
        "fabric.ack-lease=20s");
  }

  @Test
  void sameSeedGivesIdenticalReport() {
    var first = TestScenarios.run(chat(42));
    var second = TestScenarios.run(chat(42));

    assertThat(SummaryJson.render(second.summary())).isEqualTo(SummaryJson.render(first.summary()));
    assertThat(SeriesCsv.render(second.series())).isEqualTo(SeriesCsv.render(first.series()));
    assertThat(first.summary().redeliveries()).isPositive();
    assertThat(first.summary().types())
        .extracting(t -> t.type())
        .containsExactly("chat.turn", "chat.summarize");
  }

  @Test
  void differentSeedsGiveDifferentReports() {
    String first = SummaryJson.render(TestScenarios.run(chat(42)).summary());
    String second = SummaryJson.render(TestScenarios.run(chat(43)).summary());

    assertThat(second).isNotEqualTo(first);
  }
}
