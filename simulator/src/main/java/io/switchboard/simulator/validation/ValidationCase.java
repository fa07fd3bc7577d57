package io.switchboard.simulator.validation;

import io.switchboard.simulator.engine.ProgressListener;
import io.switchboard.simulator.engine.Simulation;
import io.switchboard.simulator.report.Summary;
import io.switchboard.simulator.service.Distribution;
import java.util.List;

/**
 * One textbook queue with its theoretical mean wait: M/M/c (Erlang C) or M/D/1
 * (Pollaczek-Khinchine).
 *
 * @param servers c, the number of single-slot workers
 * @param rho the utilisation
 * @param deterministic true for constant service (M/D/1), false for exponential (M/M/c)
 * @param messages about how many arrivals to simulate
 */
public record ValidationCase(int servers, double rho, boolean deterministic, long messages) {
  private static final double MU = 1e9 / QueueingScenarios.SERVICE_NANOS;

  /**
   * Returns the cases of the validation table. Run lengths are chosen for a standard error of the
   * mean wait near 0.5%, a quarter of the 2% tolerance (measured over several seeds): the variance
   * grows like 1/(1-rho)^4, hence sixteen million messages at rho 0.9; M/M/4 at 0.5 needs six
   * million because its mean wait is small and made of rare waits.
   */
  public static List<ValidationCase> standard() {
    return List.of(
        new ValidationCase(1, 0.5, false, 1_000_000),
        new ValidationCase(1, 0.8, false, 4_000_000),
        new ValidationCase(1, 0.9, false, 16_000_000),
        new ValidationCase(4, 0.5, false, 6_000_000),
        new ValidationCase(4, 0.8, false, 4_000_000),
        new ValidationCase(4, 0.9, false, 16_000_000),
        new ValidationCase(1, 0.5, true, 1_000_000),
        new ValidationCase(1, 0.8, true, 4_000_000));
  }

  /** Returns the Kendall name, like {@code M/M/4} or {@code M/D/1}. */
  public String name() {
    return (deterministic ? "M/D/" : "M/M/") + servers;
  }

  /** Returns the theoretical mean wait in queue, in seconds. */
  public double theoreticalWait() {
    return deterministic
        ? QueueingTheory.meanWaitDeterministic(rho, 1 / MU)
        : QueueingTheory.meanWait(servers, rho * servers * MU, MU);
  }

  /** Returns the theoretical mean time in system, in seconds. */
  public double theoreticalSojourn() {
    return theoreticalWait() + 1 / MU;
  }

  /** Runs the case with {@code seed} and returns its summary. */
  public Summary simulate(long seed, ProgressListener progress) {
    Distribution service =
        deterministic
            ? Distribution.fixed(QueueingScenarios.SERVICE_NANOS)
            : Distribution.exponential(QueueingScenarios.SERVICE_NANOS);
    return new Simulation(QueueingScenarios.queue(servers, rho, service, messages, seed), progress)
        .run()
        .summary();
  }
}
