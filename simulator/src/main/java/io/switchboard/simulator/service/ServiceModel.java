package io.switchboard.simulator.service;

/**
 * How long a worker kind takes for one message, in nanoseconds.
 *
 * <p>Either a plain distribution of service time, or the LLM model {@code t = b0 + b1 * prefill +
 * b2 * decode} where token counts come with the message and {@code b1}, {@code b2} are the kind's
 * cost per prefill and per decode token.
 *
 * @param time the service-time distribution; null for the LLM model
 * @param b0 fixed cost per message in nanoseconds (LLM model)
 * @param b1 nanoseconds per prefill token (LLM model)
 * @param b2 nanoseconds per decode token (LLM model)
 */
public record ServiceModel(Distribution time, double b0, double b1, double b2) {

  /** Returns a model whose service time follows {@code time}, regardless of tokens. */
  public static ServiceModel of(Distribution time) {
    return new ServiceModel(time, 0, 0, 0);
  }

  /** Returns the LLM model with these coefficients in nanoseconds. */
  public static ServiceModel llm(double b0, double b1, double b2) {
    return new ServiceModel(null, b0, b1, b2);
  }

  /** Returns true for the token-based LLM model. */
  public boolean isLlm() {
    return time == null;
  }

  /** Returns the service time in nanoseconds for one message. */
  public double nanos(double u, double z, double prefillTokens, double decodeTokens) {
    if (time == null) {
      return b0 + b1 * prefillTokens + b2 * decodeTokens;
    }
    return time.at(u, z);
  }
}
