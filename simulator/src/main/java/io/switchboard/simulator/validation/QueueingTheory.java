package io.switchboard.simulator.validation;

/** Closed-form queueing results the simulator is checked against (M/M/c, M/D/1). */
public final class QueueingTheory {
  private QueueingTheory() {}

  /** Returns the Erlang C probability that an arrival waits, for c servers and offered load a. */
  public static double waitProbability(int c, double offeredLoad) {
    double rho = offeredLoad / c;
    double term = 1;
    double sum = 1;
    for (int k = 1; k < c; k++) {
      term *= offeredLoad / k;
      sum += term;
    }
    double last = term * offeredLoad / c / (1 - rho);
    return last / (sum + last);
  }

  /** Returns the mean wait in queue of M/M/c with arrival rate lambda and service rate mu. */
  public static double meanWait(int c, double lambda, double mu) {
    return waitProbability(c, lambda / mu) / (c * mu - lambda);
  }

  /** Returns the Pollaczek-Khinchine mean wait of M/D/1 with service time s at utilisation rho. */
  public static double meanWaitDeterministic(double rho, double s) {
    return rho * s / (2 * (1 - rho));
  }
}
