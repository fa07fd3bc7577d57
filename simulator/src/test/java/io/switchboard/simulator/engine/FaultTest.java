package io.switchboard.simulator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.simulator.report.RunResult;
import io.switchboard.simulator.report.SeriesRow;
import io.switchboard.simulator.report.Summary;
import io.switchboard.simulator.scenario.TestScenarios;
import org.junit.jupiter.api.Test;

/** Worker and node outages, lease expiry, duplicates and dead letters. */
class FaultTest {
  private static final String BASE =
      """
      run { seed = 3, duration = 10m, warmup = 30s, drain = 5m, interval = 5s }
      nodes = [a, b]
      # 75% busy, so each worker holds about three messages when it stops
      streams.load.arrival { process = poisson, rate = 12 }
      workers.w { count = 4, concurrency = 4, nodes = [a, b],
                  service { model = exponential, mean = 1s } }
      fabric { partitions = 2, balancing = round-robin, ack-lease = 30s, max-attempts = 5 }
      """;

  @Test
  void inFlightMessagesOfAStoppedWorkerWaitForTheirLease() {
    Summary summary =
        TestScenarios.run(
                TestScenarios.parse(
                    BASE, "faults=[{ at = 2m, worker = w-1, down-for = 1m, detect = lease }]"))
            .summary();

    assertThat(summary.redeliveries()).isPositive();
    assertThat(summary.latency().max()).isGreaterThanOrEqualTo(30.0);
    assertThat(summary.unfinished()).isZero();
  }

  @Test
  void immediateDetectionRedeliversAtOnce() {
    Summary summary =
        TestScenarios.run(
                TestScenarios.parse(
                    BASE, "faults=[{ at = 2m, worker = w-1, down-for = 1m, detect = immediate }]"))
            .summary();

    assertThat(summary.redeliveries()).isPositive();
    assertThat(summary.latency().max()).isLessThan(30.0);
  }

  @Test
  void latencySpikeShowsInTheTimeSeries() {
    RunResult result =
        TestScenarios.run(
            TestScenarios.parse(
                BASE, "faults=[{ at = 2m, worker = w-1, down-for = 1m, detect = lease }]"));

    assertThat(p99Between(result, 60, 115)).isLessThan(10.0);
    assertThat(p99Between(result, 145, 160)).isGreaterThanOrEqualTo(30.0);
  }

  @Test
  void nodeFaultStopsItsWorkersAndPartitions() {
    Summary summary =
        TestScenarios.run(
                TestScenarios.parse(
                    BASE, "faults=[{ at = 2m, node = b, down-for = 30s, detect = immediate }]"))
            .summary();

    assertThat(summary.redeliveries()).isPositive();
    // partition 1 lives on node b: its messages wait out the outage
    assertThat(summary.latency().max()).isGreaterThan(25.0);
    assertThat(summary.unfinished()).isZero();
  }

  @Test
  void skipsFaultOnWorkerBeyondTheKindsCount() {
    Summary summary =
        TestScenarios.run(
                TestScenarios.parse(
                    BASE, "faults=[{ at = 2m, worker = w-7, down-for = 1m, detect = lease }]"))
            .summary();

    assertThat(summary.redeliveries()).isZero();
  }

  @Test
  void leaseShorterThanServiceGivesDuplicates() {
    Summary summary =
        TestScenarios.run(
                TestScenarios.parse(BASE, "fabric.ack-lease=2s", "fabric.max-attempts=100"))
            .summary();

    assertThat(summary.duplicates()).isPositive();
    assertThat(summary.redeliveries()).isGreaterThanOrEqualTo(summary.duplicates());
  }

  @Test
  void failingAttemptsEndInDeadLetters() {
    Summary summary =
        TestScenarios.run(
                TestScenarios.parse(
                    BASE, "workers.w.error-rate=1", "fabric.max-attempts=3", "run.duration=2m"))
            .summary();

    assertThat(summary.completed()).isZero();
    assertThat(summary.deadLetters()).isGreaterThanOrEqualTo(summary.messages());
    // attempts 2 and 3 are redeliveries; the third failure dead-letters the message
    assertThat(summary.redeliveries()).isEqualTo(2 * summary.deadLetters());
  }

  private static double p99Between(RunResult result, double from, double to) {
    return result.series().stream()
        .filter(row -> row.time() > from && row.time() <= to)
        .mapToDouble(SeriesRow::p99)
        .max()
        .orElseThrow();
  }
}
