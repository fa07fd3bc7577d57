package io.switchboard.simulator.traffic;

/** Arrivals exactly {@code 1/rate} apart, counted from time zero so rounding never drifts. */
final class ConstantArrivals implements ArrivalProcess {
  private final double gapNanos;
  private long count;

  ConstantArrivals(double rate) {
    this.gapNanos = 1e9 / rate;
  }

  @Override
  public long next(long now) {
    count++;
    return (long) (count * gapNanos);
  }
}
