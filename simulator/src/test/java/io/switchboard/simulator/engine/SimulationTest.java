package io.switchboard.simulator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.simulator.report.RunResult;
import io.switchboard.simulator.scenario.TestScenarios;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulationTest {
  private static final String QUEUE =
      """
      run { duration = 2000s, warmup = 100s, interval = 10s }
      streams.jobs.arrival { process = poisson, rate = 1000 }
      workers.server { count = 2, service { model = exponential, mean = 1ms } }
      """;

  @Test
  void holdsStateOnlyForMessagesInFlight() {
    Simulation simulation = new Simulation(TestScenarios.parse(QUEUE), ProgressListener.NONE);
    RunResult result = simulation.run();

    assertThat(result.simulatedMessages()).isGreaterThan(1_900_000);
    // at rho 0.5 the backlog stays small: the first block of slots is never outgrown
    assertThat(simulation.messageSlots()).isEqualTo(1024);
    assertThat(result.series()).hasSizeBetween(200, 201);
  }

  @Test
  void runsOnlyOnce() {
    Simulation simulation =
        new Simulation(
            TestScenarios.parse(QUEUE, "run.duration=10s", "run.warmup=1s"), ProgressListener.NONE);
    simulation.run();

    assertThatThrownBy(simulation::run).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void reportsProgressUpToTheEnd() {
    List<Long> times = new ArrayList<>();
    new Simulation(TestScenarios.parse(QUEUE), (now, end, messages) -> times.add(now)).run();

    assertThat(times).isSorted().hasSizeGreaterThan(10);
    assertThat(times.get(times.size() - 1)).isEqualTo(3000_000_000_000L);
  }

  @Test
  void overloadShowsAsUnfinishedMessagesCountedInTheTail() {
    RunResult result =
        TestScenarios.run(
            TestScenarios.parse(QUEUE, "streams.jobs.arrival.rate=2500", "run.drain=10s"));

    assertThat(result.summary().unfinished()).isPositive();
    assertThat(result.summary().latency().max()).isGreaterThan(100.0);
  }
}
