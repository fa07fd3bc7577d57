package io.switchboard.simulator.service;

/**
 * A positive random quantity (a service time or a token count), evaluated from a uniform and a
 * standard normal variate drawn by the caller.
 *
 * <p>Taking the variates as arguments rather than a generator lets the simulator draw them once per
 * message, so every strategy in a comparison sees the same work (common random numbers).
 *
 * @param shape how the value is distributed
 * @param mean the mean (for {@code UNIFORM}, the lower bound is {@code min})
 * @param sigma the standard deviation of the underlying normal ({@code LOGNORMAL} only)
 * @param min the lower bound ({@code UNIFORM} only)
 * @param max the upper bound ({@code UNIFORM} only)
 */
public record Distribution(Shape shape, double mean, double sigma, double min, double max) {

  /** How a distribution spreads around its mean. */
  public enum Shape {
    FIXED,
    EXPONENTIAL,
    LOGNORMAL,
    UNIFORM
  }

  /** Returns a distribution that always gives {@code value}. */
  public static Distribution fixed(double value) {
    return new Distribution(Shape.FIXED, value, 0, value, value);
  }

  /** Returns an exponential distribution with this mean. */
  public static Distribution exponential(double mean) {
    return new Distribution(Shape.EXPONENTIAL, mean, 0, 0, Double.POSITIVE_INFINITY);
  }

  /** Returns a lognormal distribution with this mean and log-space standard deviation. */
  public static Distribution lognormal(double mean, double sigma) {
    return new Distribution(Shape.LOGNORMAL, mean, sigma, 0, Double.POSITIVE_INFINITY);
  }

  /** Returns a uniform distribution on {@code [min, max]}. */
  public static Distribution uniform(double min, double max) {
    return new Distribution(Shape.UNIFORM, (min + max) / 2, 0, min, max);
  }

  /** Returns true when {@link #at} reads its uniform variate. */
  public boolean usesUniform() {
    return shape == Shape.EXPONENTIAL || shape == Shape.UNIFORM;
  }

  /** Returns true when {@link #at} reads its normal variate. */
  public boolean usesNormal() {
    return shape == Shape.LOGNORMAL;
  }

  /** Returns the value for a uniform variate {@code u} in [0,1) and a standard normal {@code z}. */
  public double at(double u, double z) {
    return switch (shape) {
      case FIXED -> mean;
      // Math.log is a JIT intrinsic, log1p is not; 1 - u is never 0 for u in [0, 1)
      case EXPONENTIAL -> -mean * Math.log(1 - u);
      // mu chosen so that the mean of exp(mu + sigma z) is the configured mean
      case LOGNORMAL -> mean * Math.exp(sigma * z - sigma * sigma / 2);
      case UNIFORM -> min + u * (max - min);
    };
  }
}
