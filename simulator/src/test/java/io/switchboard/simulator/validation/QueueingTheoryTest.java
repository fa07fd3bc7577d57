package io.switchboard.simulator.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import io.switchboard.simulator.engine.ProgressListener;
import io.switchboard.simulator.report.Summary;
import java.util.stream.Stream;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine against queueing theory, over the cases of the documented validation table: M/M/1 and
 * M/M/4 against Erlang C and M/D/1 against Pollaczek-Khinchine (mean wait and mean time in system
 * within 2%), and Little's law (L from the area under the number in system) within 1% on every run.
 * Means are exact sums in double, not histogram quantiles.
 */
class QueueingTheoryTest {

  static Stream<ValidationCase> cases() {
    return ValidationCase.standard().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @Execution(ExecutionMode.CONCURRENT) // runs are independent; each takes seconds
  void meanWaitAndTimeInSystemMatchTheory(ValidationCase c) {
    Summary s = c.simulate(1, ProgressListener.NONE);

    assertThat(s.unfinished()).isZero();
    assertThat(s.completed()).isEqualTo(s.messages());
    assertThat(s.queueWait().mean()).isCloseTo(c.theoreticalWait(), withPercentage(2));
    assertThat(s.meanSojourn()).isCloseTo(c.theoreticalSojourn(), withPercentage(2));
    assertThat(s.meanInSystem()).isCloseTo(s.offeredRate() * s.meanSojourn(), withPercentage(1));
  }
}
