package io.switchboard.balance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoundRobinTest extends BalancingStrategyContractTest {

  @Override
  protected Balancing kind() {
    return Balancing.ROUND_ROBIN;
  }

  @Test
  void takesConsumersInTurnSkippingThoseWithoutCredit() {
    CandidateTable table = CandidateTable.equal(4, 10);
    table.setCredit(2, 0);
    BalancingStrategy strategy = newStrategy();

    int[] picks = new int[6];
    for (int i = 0; i < picks.length; i++) {
      picks[i] = strategy.choose(table, null);
    }
    assertThat(picks).containsExactly(0, 1, 3, 0, 1, 3);
  }
}
