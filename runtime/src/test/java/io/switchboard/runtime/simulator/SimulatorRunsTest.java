package io.switchboard.runtime.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.simulator.report.SeriesRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The runs without HTTP: limits enforced with a clock moved by hand and an executor run by hand.
 */
class SimulatorRunsTest {
  private static final List<String> SHORT =
      List.of("run.duration=1m", "run.warmup=5s", "run.drain=1m");
  private final List<Runnable> queued = new ArrayList<>();
  private final AtomicLong nanos = new AtomicLong();

  private SimulatorRuns runs(Duration maxRunTime, long maxMessages) {
    return new SimulatorRuns(
        new SimulatorSettings(true, maxRunTime, 1, 4096, 3, maxMessages, 50),
        queued::add,
        nanos::get);
  }

  private static <T> T finish(List<Runnable> queued, CompletionStage<T> stage) {
    queued.remove(0).run();
    return stage.toCompletableFuture().join();
  }

  private static SimulatorRefusal refusal(CompletionStage<?> stage) {
    try {
      stage.toCompletableFuture().join();
    } catch (CompletionException e) {
      return (SimulatorRefusal) e.getCause();
    }
    throw new AssertionError("the stage completed");
  }

  @Test
  void runsABundledScenarioOnTheGivenExecutor() {
    CompletionStage<RunView> run = runs(Duration.ofSeconds(15), 5_000_000).run("mm1", null, SHORT);

    assertThat(run.toCompletableFuture()).isNotDone();
    RunView view = finish(queued, run);
    assertThat(view.summary().messages()).isPositive();
    assertThat(view.series()).hasSizeLessThanOrEqualTo(50);
  }

  @Test
  void refusesASecondRunWhileOneHoldsTheSlotAndTakesItOnceThatEnds() {
    SimulatorRuns runs = runs(Duration.ofSeconds(15), 5_000_000);
    CompletionStage<RunView> first = runs.run("mm1", null, SHORT);

    SimulatorRefusal busy = refusal(runs.run("mm1", null, SHORT));
    assertThat(busy.code()).isEqualTo(SimulatorRefusal.SIMULATOR_BUSY);
    assertThat(busy.retryAfter()).isEqualTo(Duration.ofSeconds(15));

    finish(queued, first);
    assertThat(finish(queued, runs.run("mm1", null, SHORT)).scenario()).isEqualTo("mm1");
  }

  @Test
  void stopsARunPastItsRunTime() {
    // every reading of this clock is a second later: the run passes 15 s after 16 progress reports
    SimulatorRuns runs =
        new SimulatorRuns(
            new SimulatorSettings(true, Duration.ofSeconds(15), 1, 4096, 3, 5_000_000, 50),
            queued::add,
            () -> nanos.addAndGet(Duration.ofSeconds(1).toNanos()));
    CompletionStage<RunView> run = runs.run("mm1", null, List.of());
    queued.remove(0).run();

    SimulatorRefusal stopped = refusal(run);
    assertThat(stopped.code()).isEqualTo(SimulatorRefusal.SIMULATION_STOPPED);
    assertThat(stopped.getMessage())
        .contains("after 15000 ms of wall time")
        .contains("max-run-time");
    // the slot came back
    assertThat(finish(queued, runs.run("mm1", null, SHORT)).summary().messages()).isPositive();
  }

  @Test
  void stopsARunPastItsMessageLimit() {
    CompletionStage<RunView> run =
        runs(Duration.ofSeconds(15), 100_000).run("mm1", null, List.of());
    queued.remove(0).run();

    SimulatorRefusal stopped = refusal(run);
    assertThat(stopped.code()).isEqualTo(SimulatorRefusal.SIMULATION_STOPPED);
    assertThat(stopped.getMessage()).contains("more than 100000").contains("max-messages");
  }

  @Test
  void refusesBeforeRunningWhatCannotRun() {
    SimulatorRuns runs = runs(Duration.ofSeconds(15), 5_000_000);

    assertThat(refusal(runs.run("nope", null, List.of())).code())
        .isEqualTo(SimulatorRefusal.UNKNOWN_SCENARIO);
    assertThat(refusal(runs.run(null, "x".repeat(5000), List.of())).getMessage())
        .contains("max-scenario-bytes");
    assertThat(
            refusal(runs.sweep("mm1", null, List.of(), "workers.server.count", 1, 4, 1))
                .getMessage())
        .contains("4 points, more than 3");
    assertThat(
            refusal(runs.sweep("mm1", null, List.of(), "workers.server.count", 3, 1, 1))
                .getMessage())
        .contains("need from <= to");
    assertThat(
            refusal(runs.sweep("mm1", null, List.of(), "workers.server.count", -1, 1, 1))
                .getMessage())
        .contains("workers.server.count");
    assertThat(queued).isEmpty();
  }

  @Test
  void sweepsEveryValueInOrder() {
    SweepView sweep =
        finish(
            queued,
            runs(Duration.ofSeconds(15), 5_000_000)
                .sweep("mm1", null, SHORT, "workers.server.count", 1, 3, 2));

    assertThat(sweep.points()).extracting(SweepView.Point::value).containsExactly(1, 3);
    assertThat(sweep.points().get(0).latency().p99())
        .isGreaterThan(sweep.points().get(1).latency().p99());
  }

  @Test
  void answersOffWhenDisabled() {
    SimulatorRuns off =
        new SimulatorRuns(
            new SimulatorSettings(false, Duration.ofSeconds(1), 1, 10, 1, 1, 2),
            queued::add,
            nanos::get);

    assertThat(refusal(off.run("mm1", null, List.of())).code())
        .isEqualTo(SimulatorRefusal.SIMULATOR_OFF);
  }

  @Test
  void thinsALongSeriesKeepingItsLastRow() {
    List<SeriesRow> rows =
        IntStream.range(0, 1001)
            .mapToObj(i -> new SeriesRow(i, 0, 0, 0, 0, 0, 0, 0, 0, 0))
            .toList();

    List<SeriesRow> thinned = RunView.thinned(rows, 100);
    assertThat(thinned).hasSizeLessThanOrEqualTo(100);
    assertThat(thinned.get(thinned.size() - 1).time()).isEqualTo(1000);
    assertThat(RunView.thinned(rows.subList(0, 10), 100)).hasSize(10);
  }

  @Test
  void settingsNameTheKeyAndTheValueRefused() {
    assertThatThrownBy(() -> new SimulatorSettings(true, Duration.ZERO, 1, 1, 1, 1, 2))
        .hasMessage("switchboard.console.simulator.max-run-time must be positive, got 0ms");
    assertThatThrownBy(() -> new SimulatorSettings(true, Duration.ofSeconds(1), 0, 1, 1, 1, 2))
        .hasMessage("switchboard.console.simulator.max-concurrent-runs must be at least 1, got 0");
    SimulatorSettings defaults =
        SimulatorSettings.fromConfig(
            com.typesafe.config.ConfigFactory.load().getConfig("switchboard"));
    assertThat(defaults)
        .isEqualTo(
            new SimulatorSettings(true, Duration.ofSeconds(15), 1, 65536, 20, 5_000_000, 1000));
  }

  @Test
  void aScenarioSizeAnIntCannotHoldIsRefusedNotWrapped() {
    // 4 GiB read as an int is 0: refused as "at least 1" for the wrong reason before
    assertThatThrownBy(
            () ->
                SimulatorSettings.fromConfig(
                    com.typesafe.config.ConfigFactory.parseString(
                            "switchboard.console.simulator.max-scenario-bytes = 4 GiB")
                        .withFallback(com.typesafe.config.ConfigFactory.load())
                        .getConfig("switchboard")))
        .isInstanceOf(com.typesafe.config.ConfigException.BadValue.class)
        .hasMessageContaining("switchboard.console.simulator.max-scenario-bytes")
        .hasMessageEndingWith("must be 1 to 2147483647 bytes, got 4 GiB");
  }
}
