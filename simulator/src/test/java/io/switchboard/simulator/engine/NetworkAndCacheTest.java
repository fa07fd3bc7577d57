package io.switchboard.simulator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.balance.Balancing;
import io.switchboard.simulator.report.Summary;
import io.switchboard.simulator.scenario.TestScenarios;
import org.junit.jupiter.api.Test;

/** Hop times add up along producer, partition and worker nodes; prefix reuse shortens prefill. */
class NetworkAndCacheTest {

  @Test
  void latencyAddsPublishAndDeliveryHopsToService() {
    // one partition on node p, the worker on node w, the producer on node f; no queueing
    Summary summary =
        TestScenarios.run(
                TestScenarios.parse(
                    """
        run { duration = 100s, warmup = 10s }
        nodes = [p, w, f]
        network { local = 0ms, default = 1ms, links { "f:p" = 3ms, "p:w" = 7ms } }
        streams.s { node = f, arrival { process = constant, rate = 10 } }
        workers.x { nodes = [w], service { model = fixed, mean = 20ms } }
        """))
            .summary();

    assertThat(summary.latency().mean()).isCloseTo(0.003 + 0.007 + 0.020, within(1e-9));
    assertThat(summary.queueWait().mean()).isCloseTo(0.007, within(1e-9));
    assertThat(summary.service().mean()).isCloseTo(0.020, within(1e-9));
  }

  @Test
  void keyAffinityReusesPrefixes() {
    String chat =
        """
        run { duration = 10m, warmup = 1m }
        streams.chat {
          arrival { process = poisson, rate = 20 }
          keys { distribution = zipf, conversations = 2000, exponent = 1.0 }
          mix = [{ type = chat.turn, prefill-tokens = 2000, decode-tokens = 10 }]
        }
        workers.gpu {
          count = 8, concurrency = 4, prefix-cache-keys = 64, prefix-hit-fraction = 0.9
          service { model = llm, b0 = 10ms, b1 = 0.5ms, b2 = 5ms }
        }
        fabric { partitions = 4 }
        """;
    assumeTrue(available(Balancing.CONSISTENT_HASH), "consistent-hash not implemented yet");
    Summary roundRobin =
        TestScenarios.run(TestScenarios.parse(chat, "fabric.balancing=round-robin")).summary();
    Summary affinity =
        TestScenarios.run(TestScenarios.parse(chat, "fabric.balancing=consistent-hash")).summary();

    assertThat(affinity.prefixHitRate()).isGreaterThan(roundRobin.prefixHitRate() + 0.2);
    // a miss costs 1060 ms, a hit 160 ms
    assertThat(affinity.service().mean()).isLessThan(0.7 * roundRobin.service().mean());
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
