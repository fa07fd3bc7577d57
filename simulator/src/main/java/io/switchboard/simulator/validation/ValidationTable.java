package io.switchboard.simulator.validation;

import io.switchboard.simulator.engine.ProgressListener;
import io.switchboard.simulator.report.Summary;
import java.util.Locale;

/** Runs the validation cases and renders theory against simulation as a Markdown table. */
public final class ValidationTable {
  private ValidationTable() {}

  /** Returns the Markdown header of the table. */
  public static String header() {
    return "| queue | rho | messages | Wq theory | Wq simulated | error | W theory | W simulated"
        + " | error | L = area / T | lambda W | error |\n"
        + "|---|---|---|---|---|---|---|---|---|---|---|---|\n";
  }

  /** Runs one case with {@code seed} and returns its table row. */
  public static String row(ValidationCase c, long seed, ProgressListener progress) {
    Summary s = c.simulate(seed, progress);
    double lambdaW = s.offeredRate() * s.meanSojourn();
    return String.format(
        Locale.ROOT,
        "| %s | %.1f | %,d | %.4f ms | %.4f ms | %+.2f%% | %.4f ms | %.4f ms | %+.2f%% | %.4f"
            + " | %.4f | %+.3f%% |%n",
        c.name(),
        c.rho(),
        s.messages(),
        1e3 * c.theoreticalWait(),
        1e3 * s.queueWait().mean(),
        error(s.queueWait().mean(), c.theoreticalWait()),
        1e3 * c.theoreticalSojourn(),
        1e3 * s.meanSojourn(),
        error(s.meanSojourn(), c.theoreticalSojourn()),
        s.meanInSystem(),
        lambdaW,
        error(s.meanInSystem(), lambdaW));
  }

  private static double error(double measured, double expected) {
    return 100 * (measured / expected - 1);
  }
}
