package io.switchboard.balance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PowerOfTwoTest extends BalancingStrategyContractTest {

  @Override
  protected Balancing kind() {
    return Balancing.POWER_OF_TWO;
  }

  @Test
  void neverChoosesTheMostLoadedWhileOthersHaveCredit() {
    CandidateTable table = CandidateTable.equal(3, 100);
    table.setOutstanding(2, 10);
    BalancingStrategy strategy = newStrategy();

    for (int i = 0; i < 1_000; i++) {
      assertThat(strategy.choose(table, null)).isNotEqualTo(2);
    }
  }

  @Test
  void neverChoosesTheConsumerHoldingTheMostTokensWhileOthersHaveCredit() {
    CandidateTable table = CandidateTable.equal(3, 100);
    table.setOutstanding(1, 1);
    table.setTokens(1, 8_000); // one long prompt outweighs several short ones
    table.setOutstanding(0, 3);
    table.setTokens(0, 300);
    table.setOutstanding(2, 3);
    table.setTokens(2, 300);
    BalancingStrategy strategy = newStrategy();

    for (int i = 0; i < 1_000; i++) {
      assertThat(strategy.choose(table, null)).isNotEqualTo(1);
    }
  }

  @Test
  void comparesOutstandingPerCapacity() {
    CandidateTable table = new CandidateTable().join("big", 100, 4, 0).join("small", 100, 1, 0);
    table.setOutstanding(0, 4);
    table.setOutstanding(1, 2);
    BalancingStrategy strategy = newStrategy();

    for (int i = 0; i < 100; i++) {
      assertThat(strategy.choose(table, null)).as("4 of 4 beats 2 of 1").isZero();
    }
  }

  @Test
  void drawsDifferentSequencesForDifferentSeeds() {
    CandidateTable table = CandidateTable.equal(8, 1_000);
    BalancingStrategy first = kind().newStrategy(1L);
    BalancingStrategy second = kind().newStrategy(2L);

    int differences = 0;
    for (int i = 0; i < 100; i++) {
      differences += first.choose(table, null) == second.choose(table, null) ? 0 : 1;
    }
    assertThat(differences).isPositive();
  }
}
