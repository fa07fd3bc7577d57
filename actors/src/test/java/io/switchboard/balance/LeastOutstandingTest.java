package io.switchboard.balance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LeastOutstandingTest extends BalancingStrategyContractTest {

  @Override
  protected Balancing kind() {
    return Balancing.LEAST_OUTSTANDING;
  }

  @Test
  void neverExceedsCreditWhilePicksAddAndAcksRemoveOutstanding() {
    int maxInFlight = 8;
    CandidateTable table = CandidateTable.equal(4, maxInFlight);
    BalancingStrategy strategy = newStrategy();
    SplittableRandom random = new SplittableRandom(11);
    for (int step = 0; step < 50_000; step++) {
      int pick = strategy.choose(table, null);
      if (pick >= 0) {
        assertThat(table.outstanding(pick)).isEqualTo(leastOutstandingWithCredit(table));
        table.deliver(pick);
        assertThat(table.outstanding(pick)).isLessThanOrEqualTo(maxInFlight);
      } else {
        assertThat(table.anyCredit()).isFalse();
      }
      ackSome(table, random);
    }
  }

  @Test
  void choosesTheConsumerHoldingTheFewestTokens() {
    CandidateTable table = CandidateTable.equal(3, 10);
    table.setOutstanding(0, 1);
    table.setTokens(0, 3_000);
    table.setOutstanding(1, 4);
    table.setTokens(1, 400);
    table.setOutstanding(2, 2);
    table.setTokens(2, 1_200);

    assertThat(newStrategy().choose(table, "any")).isEqualTo(1);
  }

  @Test
  void choosesTheConsumerWithFewestOutstanding() {
    CandidateTable table = CandidateTable.equal(3, 10);
    table.setOutstanding(0, 5);
    table.setOutstanding(1, 2);
    table.setOutstanding(2, 7);

    assertThat(newStrategy().choose(table, "any")).isEqualTo(1);
  }

  @Test
  void sharesLoadInTurnAmongEqualConsumers() {
    CandidateTable table = CandidateTable.equal(3, 10);
    BalancingStrategy strategy = newStrategy();

    int[] picks = new int[6];
    for (int i = 0; i < picks.length; i++) {
      picks[i] = strategy.choose(table, null);
    }
    assertThat(picks).containsExactly(0, 1, 2, 0, 1, 2);
  }

  private static int leastOutstandingWithCredit(CandidateTable table) {
    int least = Integer.MAX_VALUE;
    for (int i = 0; i < table.size(); i++) {
      if (table.credit(i) > 0) {
        least = Math.min(least, table.outstanding(i));
      }
    }
    return least;
  }
}
