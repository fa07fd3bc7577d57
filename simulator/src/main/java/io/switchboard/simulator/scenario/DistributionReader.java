package io.switchboard.simulator.scenario;

import io.switchboard.simulator.service.Distribution;
import io.switchboard.simulator.service.ServiceModel;

/** Reads token-count distributions and service models from scenario sections. */
final class DistributionReader {
  private static final String[] SHAPES = {"fixed", "exponential", "lognormal", "uniform"};

  private DistributionReader() {}

  /** Reads a count: a plain number (fixed) or {@code {distribution = ..., mean = ...}}. */
  static Distribution tokens(ScenarioSection parent, String key, double fallback) {
    if (!parent.has(key)) {
      return Distribution.fixed(fallback);
    }
    if (parent.isNumber(key)) {
      return Distribution.fixed(parent.number(key, 0, 0, 1e9));
    }
    ScenarioSection s = parent.child(key);
    s.allowOnly("distribution", "mean", "sigma", "min", "max");
    return switch (s.choice("distribution", null, SHAPES)) {
      case "fixed" -> Distribution.fixed(s.requiredNumber("mean", 0, 1e9));
      case "exponential" -> Distribution.exponential(s.requiredNumber("mean", 0, 1e9));
      case "lognormal" ->
          Distribution.lognormal(s.requiredNumber("mean", 0, 1e9), s.number("sigma", 1, 0, 10));
      default -> uniform(s, s.requiredNumber("min", 0, 1e9), s.requiredNumber("max", 0, 1e9));
    };
  }

  /** Reads a worker kind's {@code service} object. */
  static ServiceModel service(ScenarioSection s) {
    s.allowOnly("model", "mean", "sigma", "min", "max", "b0", "b1", "b2");
    String model = s.choice("model", null, "fixed", "exponential", "lognormal", "uniform", "llm");
    return switch (model) {
      case "llm" -> ServiceModel.llm(s.nanos("b0", 0, 0), s.nanos("b1", 0, 0), s.nanos("b2", 0, 0));
      case "fixed" -> ServiceModel.of(Distribution.fixed(s.requiredNanos("mean", 1)));
      case "exponential" -> ServiceModel.of(Distribution.exponential(s.requiredNanos("mean", 1)));
      case "lognormal" ->
          ServiceModel.of(
              Distribution.lognormal(s.requiredNanos("mean", 1), s.number("sigma", 1, 0, 10)));
      default -> ServiceModel.of(uniform(s, s.requiredNanos("min", 0), s.requiredNanos("max", 1)));
    };
  }

  private static Distribution uniform(ScenarioSection s, double min, double max) {
    if (max < min) {
      throw s.invalid("max", "must not be below min (" + min + ")", Double.toString(max));
    }
    return Distribution.uniform(min, max);
  }
}
