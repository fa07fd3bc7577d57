package io.switchboard.simulator.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The closed forms themselves, against values worked by hand. */
class QueueingTheoryFormulaTest {

  @Test
  void erlangCReducesToMm1ForOneServer() {
    // M/M/1: Wq = rho / (mu - lambda)
    assertThat(QueueingTheory.meanWait(1, 800, 1000)).isCloseTo(0.8 / 200, within(1e-12));
  }

  @Test
  void erlangCForTwoServers() {
    // c = 2, a = 1: P(wait) = (a^2/2 / (1 - 1/2)) / (1 + a + a^2/2/(1/2)) = 1/3
    assertThat(QueueingTheory.waitProbability(2, 1.0)).isCloseTo(1.0 / 3, within(1e-12));
  }

  @Test
  void pollaczekKhinchineIsHalfOfMm1() {
    assertThat(QueueingTheory.meanWaitDeterministic(0.8, 0.001))
        .isCloseTo(QueueingTheory.meanWait(1, 800, 1000) / 2, within(1e-12));
  }
}
