package io.switchboard.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ServiceTimeTest extends BalancingStrategyContractTest {

  private static final double MILLIS = 1_000_000;

  @Override
  protected Balancing kind() {
    return Balancing.SERVICE_TIME;
  }

  @Test
  void prefersTheFasterConsumer() {
    CandidateTable table =
        new CandidateTable()
            .join("fast", 10_000, 1, 10 * MILLIS)
            .join("slow", 10_000, 1, 40 * MILLIS);
    BalancingStrategy strategy = newStrategy();

    assertThat(strategy.choose(table, null)).isZero();

    int fast = 0;
    for (int i = 0; i < 1_000; i++) {
      int pick = strategy.choose(table, null);
      table.deliver(pick);
      fast += pick == 0 ? 1 : 0;
    }
    // Queues drain in equal time when the fast one holds four times as many.
    assertThat(fast / 1_000.0).isCloseTo(0.8, within(0.01));
  }

  @Test
  void dividesServiceTimeByCapacity() {
    CandidateTable table =
        new CandidateTable()
            .join("one-gpu", 100, 1, 10 * MILLIS)
            .join("four-gpus", 100, 4, 10 * MILLIS);
    table.setOutstanding(0, 2);
    table.setOutstanding(1, 2);

    assertThat(newStrategy().choose(table, null)).isEqualTo(1);
  }

  @Test
  void treatsUnknownServiceTimeAsTheMeanOfKnownOnes() {
    CandidateTable table =
        new CandidateTable()
            .join("a", 100, 1, 10 * MILLIS)
            .join("b", 100, 1, 30 * MILLIS)
            .join("new", 100, 1, 0);
    table.setOutstanding(2, 1);
    BalancingStrategy strategy = newStrategy();

    // The newcomer costs 2 * 20 ms, not 2 * 1 ns: the idle 10 ms consumer wins.
    assertThat(strategy.choose(table, null)).isEqualTo(0);

    table.setOutstanding(0, 2);
    table.setOutstanding(2, 0);
    // Now a costs 30 ms, b 30 ms and the newcomer 20 ms.
    assertThat(strategy.choose(table, null)).isEqualTo(2);
  }
}
