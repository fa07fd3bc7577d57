package io.switchboard.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WeightedTest extends BalancingStrategyContractTest {

  @Override
  protected Balancing kind() {
    return Balancing.WEIGHTED;
  }

  @Test
  void splitsLoadByDeclaredCapacity() {
    CandidateTable table =
        new CandidateTable()
            .join("small", 1_000_000, 1, 0)
            .join("medium", 1_000_000, 2, 0)
            .join("large", 1_000_000, 5, 0);

    double[] shares = shares(newStrategy(), table, 10_000);

    assertThat(shares[0]).isCloseTo(1 / 8.0, within(0.02));
    assertThat(shares[1]).isCloseTo(2 / 8.0, within(0.02));
    assertThat(shares[2]).isCloseTo(5 / 8.0, within(0.02));
  }

  @Test
  void staysWithinOnePickOfTheExactShareAtEveryStep() {
    double[] capacities = {5, 1, 1, 3};
    CandidateTable table = new CandidateTable();
    for (int i = 0; i < capacities.length; i++) {
      table.join("c" + i, 1_000, capacities[i], 0);
    }
    BalancingStrategy strategy = newStrategy();

    int[] counts = new int[capacities.length];
    for (int step = 1; step <= 200; step++) {
      counts[strategy.choose(table, null)]++;
      for (int i = 0; i < capacities.length; i++) {
        // Plain weighted round robin (c0 five times in a row) is 2.5 picks ahead after five.
        assertThat(Math.abs(counts[i] - step * capacities[i] / 10))
            .as("c%d at %d", i, step)
            .isLessThan(1.0);
      }
    }
  }

  @Test
  void keepsTheRatioAmongConsumersWithCredit() {
    CandidateTable table =
        new CandidateTable()
            .join("small", 1_000_000, 1, 0)
            .join("medium", 1_000_000, 2, 0)
            .join("large", 0, 5, 0);

    double[] shares = shares(newStrategy(), table, 9_000);

    assertThat(shares[0]).isCloseTo(1 / 3.0, within(0.02));
    assertThat(shares[1]).isCloseTo(2 / 3.0, within(0.02));
    assertThat(shares[2]).isZero();
  }

  @Test
  void followsTheNewRatioAfterMembershipChange() {
    CandidateTable table =
        new CandidateTable().join("small", 1_000_000, 1, 0).join("large", 1_000_000, 5, 0);
    BalancingStrategy strategy = newStrategy();
    shares(strategy, table, 1_001);

    table.leave("small").join("medium", 1_000_000, 3, 0);
    double[] shares = shares(strategy, table, 8_000);

    assertThat(shares[0]).isCloseTo(5 / 8.0, within(0.02));
    assertThat(shares[1]).isCloseTo(3 / 8.0, within(0.02));
  }

  private static double[] shares(BalancingStrategy strategy, CandidateTable table, int picks) {
    double[] shares = new double[table.size()];
    for (int i = 0; i < picks; i++) {
      shares[strategy.choose(table, null)] += 1.0 / picks;
    }
    return shares;
  }
}
