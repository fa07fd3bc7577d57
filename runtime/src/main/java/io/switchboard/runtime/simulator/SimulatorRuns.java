package io.switchboard.runtime.simulator;

import io.switchboard.simulator.engine.Simulation;
import io.switchboard.simulator.report.RunResult;
import io.switchboard.simulator.scenario.Scenario;
import io.switchboard.simulator.scenario.SweepRange;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;

/**
 * Runs scenarios for the node's simulator: the engine of {@code switchboard simulate}, on an
 * executor of its own (never the HTTP dispatcher), at most max-concurrent-runs at once, each
 * stopped at max-run-time or max-messages. A refusal comes back as a failed stage holding a {@link
 * SimulatorRefusal}.
 */
public final class SimulatorRuns {
  private final SimulatorSettings settings;
  private final Executor executor;
  private final LongSupplier nanoClock;
  private final Semaphore slots;

  /**
   * Runs on {@code executor}, timing runs with {@code nanoClock} (nanoseconds, like
   * System::nanoTime).
   */
  public SimulatorRuns(SimulatorSettings settings, Executor executor, LongSupplier nanoClock) {
    this.settings = settings;
    this.executor = executor;
    this.nanoClock = nanoClock;
    this.slots = new Semaphore(settings.maxConcurrentRuns());
  }

  /**
   * Returns the runs of a node: settings from its config, runs on Pekko's blocking-I/O dispatcher
   * (a run holds its thread for up to max-run-time), timed by {@code System.nanoTime}.
   */
  public static SimulatorRuns on(ActorSystem<?> system) {
    return new SimulatorRuns(
        SimulatorSettings.fromConfig(system.settings().config().getConfig("switchboard")),
        system.dispatchers().lookup(DispatcherSelector.blocking()),
        System::nanoTime);
  }

  public SimulatorSettings settings() {
    return settings;
  }

  /** Runs {@code source} once with {@code set} applied. */
  public CompletionStage<RunView> run(String name, String text, List<String> set) {
    return refusedOr(
        () -> {
          ScenarioSource source = ScenarioSource.of(name, text, settings.maxScenarioBytes());
          Scenario scenario = source.load(set);
          return submit(
              () -> {
                long started = nanoClock.getAsLong();
                RunResult result =
                    simulate(
                        scenario,
                        new RunBudget(nanoClock, settings.maxRunTime(), settings.maxMessages()));
                return RunView.of(
                    source.label(), set, result, settings.maxSeriesPoints(), millisSince(started));
              });
        });
  }

  /** Runs {@code source} once per value of {@code range}, with {@code set} applied to each. */
  public CompletionStage<SweepView> sweep(
      String name, String text, List<String> set, String key, int from, int to, int step) {
    return refusedOr(
        () -> {
          SweepRange range = range(key, from, to, step);
          ScenarioSource source = ScenarioSource.of(name, text, settings.maxScenarioBytes());
          // every point is read before any runs: a bad value is refused before the node spends time
          List<Scenario> scenarios = new ArrayList<>();
          for (int value : range.values()) {
            List<String> withValue = new ArrayList<>(set);
            withValue.add(range.setting(value));
            scenarios.add(source.load(withValue));
          }
          return submit(
              () -> {
                long started = nanoClock.getAsLong();
                // one budget for the whole sweep: max-run-time bounds what one request costs the
                // node
                RunBudget budget =
                    new RunBudget(nanoClock, settings.maxRunTime(), settings.maxMessages());
                List<SweepView.Point> points = new ArrayList<>();
                for (int i = 0; i < scenarios.size(); i++) {
                  points.add(
                      SweepView.Point.of(
                          range.values().get(i), simulate(scenarios.get(i), budget).summary()));
                }
                return new SweepView(
                    source.label(), List.copyOf(set), range.key(), points, millisSince(started));
              });
        });
  }

  private SweepRange range(String key, int from, int to, int step) {
    SweepRange range;
    try {
      range = new SweepRange(key, from, to, step);
    } catch (IllegalArgumentException e) {
      throw SimulatorRefusal.invalid(e.getMessage());
    }
    if (range.points() > settings.maxSweepPoints()) {
      throw SimulatorRefusal.invalid(
          "the sweep has "
              + range.points()
              + " points, more than "
              + settings.maxSweepPoints()
              + " (switchboard.console.simulator.max-sweep-points); raise the step");
    }
    return range;
  }

  private static RunResult simulate(Scenario scenario, RunBudget budget) {
    try {
      return new Simulation(scenario, budget).run();
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      throw SimulatorRefusal.invalid(e.getMessage());
    }
  }

  private <T> CompletionStage<T> refusedOr(Supplier<CompletionStage<T>> work) {
    if (!settings.enabled()) {
      return CompletableFuture.failedFuture(SimulatorRefusal.off());
    }
    try {
      return work.get();
    } catch (SimulatorRefusal refusal) {
      return CompletableFuture.failedFuture(refusal);
    }
  }

  private <T> CompletionStage<T> submit(Supplier<T> run) {
    if (!slots.tryAcquire()) {
      return CompletableFuture.failedFuture(
          SimulatorRefusal.busy(settings.maxConcurrentRuns(), settings.maxRunTime()));
    }
    try {
      return CompletableFuture.supplyAsync(
          () -> {
            try {
              return run.get();
            } finally {
              slots.release();
            }
          },
          executor);
    } catch (RejectedExecutionException e) {
      slots.release();
      return CompletableFuture.failedFuture(e);
    }
  }

  private long millisSince(long started) {
    return (nanoClock.getAsLong() - started) / 1_000_000;
  }
}
