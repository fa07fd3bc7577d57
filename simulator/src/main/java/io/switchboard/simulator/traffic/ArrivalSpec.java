package io.switchboard.simulator.traffic;

import java.nio.file.Path;
import java.util.SplittableRandom;

/** How a producer stream's messages arrive; each variant makes a fresh process per run. */
public sealed interface ArrivalSpec {

  /** Returns a process drawing its randomness from {@code random}. */
  ArrivalProcess newProcess(SplittableRandom random);

  /** Returns the mean rate in messages per second (for reports and sanity checks). */
  double meanRate();

  /** Exponential gaps at {@code rate} messages per second. */
  record Poisson(double rate) implements ArrivalSpec {
    @Override
    public ArrivalProcess newProcess(SplittableRandom random) {
      return new ModulatedPoisson(t -> rate, rate, random);
    }

    @Override
    public double meanRate() {
      return rate;
    }
  }

  /** Evenly spaced arrivals at {@code rate} messages per second. */
  record Constant(double rate) implements ArrivalSpec {
    @Override
    public ArrivalProcess newProcess(SplittableRandom random) {
      return new ConstantArrivals(rate);
    }

    @Override
    public double meanRate() {
      return rate;
    }
  }

  /** Poisson at {@code rate} for {@code onNanos}, then at {@code offRate} for {@code offNanos}. */
  record OnOff(double rate, double offRate, long onNanos, long offNanos) implements ArrivalSpec {
    @Override
    public ArrivalProcess newProcess(SplittableRandom random) {
      long cycle = onNanos + offNanos;
      return new ModulatedPoisson(
          t -> t % cycle < onNanos ? rate : offRate, Math.max(rate, offRate), random);
    }

    @Override
    public double meanRate() {
      return (rate * onNanos + offRate * offNanos) / (double) (onNanos + offNanos);
    }
  }

  /** Poisson at {@code mean * (1 + amplitude * cos(2 pi (t - peak) / period))}: a daily curve. */
  record Daily(double mean, double amplitude, long periodNanos, long peakNanos)
      implements ArrivalSpec {
    @Override
    public ArrivalProcess newProcess(SplittableRandom random) {
      double omega = 2 * Math.PI / periodNanos;
      return new ModulatedPoisson(
          t -> mean * (1 + amplitude * Math.cos(omega * (t - peakNanos))),
          mean * (1 + amplitude),
          random);
    }

    @Override
    public double meanRate() {
      return mean;
    }
  }

  /** Replays a CSV of {@code timestamp_seconds,size}; {@code speed} > 1 compresses time. */
  record Trace(Path file, double speed) implements ArrivalSpec {
    @Override
    public ArrivalProcess newProcess(SplittableRandom random) {
      return new TraceArrivals(file, speed);
    }

    @Override
    public double meanRate() {
      return Double.NaN;
    }
  }
}
