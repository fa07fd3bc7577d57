package io.switchboard.simulator.traffic;

import java.util.SplittableRandom;
import java.util.function.LongToDoubleFunction;

/**
 * A Poisson process whose rate varies with time, drawn by thinning: candidates come at the peak
 * rate and each is kept with probability {@code rate(t) / peak}. With a constant rate every
 * candidate is kept, so this is also the plain Poisson process.
 */
final class ModulatedPoisson implements ArrivalProcess {
  private final LongToDoubleFunction ratePerSecond;
  private final double peakPerNano;
  private final double peak;
  private final SplittableRandom random;
  private double clock;

  ModulatedPoisson(LongToDoubleFunction ratePerSecond, double peak, SplittableRandom random) {
    this.ratePerSecond = ratePerSecond;
    this.peak = peak;
    this.peakPerNano = peak / 1e9;
    this.random = random;
  }

  @Override
  public long next(long now) {
    if (peak <= 0) {
      return Long.MAX_VALUE;
    }
    // the clock is kept in double so that rounding to whole nanoseconds does not bias the rate
    clock = Math.max(clock, now);
    while (true) {
      clock += -Math.log(1 - random.nextDouble()) / peakPerNano;
      long t = (long) clock;
      double rate = ratePerSecond.applyAsDouble(t);
      if (rate >= peak || random.nextDouble() * peak < rate) {
        return t;
      }
    }
  }
}
