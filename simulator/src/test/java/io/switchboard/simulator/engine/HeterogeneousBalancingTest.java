package io.switchboard.simulator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.balance.Balancing;
import io.switchboard.simulator.report.Summary;
import io.switchboard.simulator.scenario.Scenario;
import io.switchboard.simulator.scenario.TestScenarios;
import org.junit.jupiter.api.Test;

/**
 * Workers four times apart in speed, with prefetch: round robin gives each the same share and the
 * slow ones queue, so strategies that look at capacity or load must beat it on p99.
 */
class HeterogeneousBalancingTest {

  @Test
  void weightedBeatsRoundRobinOnP99() {
    assertThat(p99(Balancing.WEIGHTED)).isLessThan(0.8 * p99(Balancing.ROUND_ROBIN));
  }

  @Test
  void leastOutstandingBeatsRoundRobinOnP99() {
    assertThat(p99(Balancing.LEAST_OUTSTANDING)).isLessThan(0.8 * p99(Balancing.ROUND_ROBIN));
  }

  private static double p99(Balancing balancing) {
    assumeTrue(available(balancing), balancing + " is not implemented in actors yet");
    Scenario scenario =
        TestScenarios.bundled(
            "heterogeneous", "run.duration=5m", "fabric.balancing=" + balancing.configName());
    Summary summary = TestScenarios.run(scenario).summary();
    assertThat(summary.unfinished()).isZero();
    return summary.latency().p99();
  }

  private static boolean available(Balancing balancing) {
    try {
      balancing.newStrategy(1);
      return true;
    } catch (UnsupportedOperationException e) {
      return false;
    }
  }
}
