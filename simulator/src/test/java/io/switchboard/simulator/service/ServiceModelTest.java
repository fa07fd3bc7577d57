package io.switchboard.simulator.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.data.Percentage.withPercentage;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ServiceModelTest {

  @Test
  void llmTimeIsLinearInTokens() {
    ServiceModel model = ServiceModel.llm(30e6, 0.05e6, 9e6);

    assertThat(model.nanos(0.5, 0, 1000, 100)).isCloseTo(30e6 + 50e6 + 900e6, within(1e-3));
  }

  @Test
  void distributionsHaveTheirConfiguredMeans() {
    SplittableRandom random = new SplittableRandom(11);
    Distribution exponential = Distribution.exponential(2);
    Distribution lognormal = Distribution.lognormal(2, 0.8);
    Distribution uniform = Distribution.uniform(1, 3);
    double e = 0;
    double l = 0;
    double u = 0;
    int n = 1_000_000;
    for (int i = 0; i < n; i++) {
      double uniformVariate = random.nextDouble();
      double normal = random.nextGaussian();
      e += exponential.at(uniformVariate, normal);
      l += lognormal.at(uniformVariate, normal);
      u += uniform.at(uniformVariate, normal);
    }
    assertThat(e / n).isCloseTo(2, withPercentage(1));
    assertThat(l / n).isCloseTo(2, withPercentage(1));
    assertThat(u / n).isCloseTo(2, withPercentage(1));
    assertThat(Distribution.fixed(5).at(0.3, 1.2)).isEqualTo(5);
  }
}
