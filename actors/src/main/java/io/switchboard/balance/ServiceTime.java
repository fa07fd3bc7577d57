package io.switchboard.balance;

/**
 * The consumer with credit expected to finish a new message soonest: {@code (outstanding + 1) *
 * serviceTime / capacity}.
 *
 * <p>A consumer whose service time is not measured yet (0) counts as the mean of the measured ones,
 * so a newcomer is neither starved nor flooded; with nothing measured all count as 1, which makes
 * this least outstanding per capacity.
 */
final class ServiceTime implements BalancingStrategy {
  // Ties rotate, as in LeastOutstanding, so equal consumers share the load.
  private int start;

  @Override
  public int choose(Candidates candidates, String key) {
    int size = candidates.size();
    double unknown = meanKnownServiceTime(candidates);
    int best = -1;
    double bestCost = Double.POSITIVE_INFINITY;
    for (int i = 0; i < size; i++) {
      int index = (start + i) % size;
      if (candidates.credit(index) > 0) {
        double serviceTime = candidates.serviceTimeNanos(index);
        if (serviceTime <= 0) {
          serviceTime = unknown;
        }
        double cost =
            (candidates.outstanding(index) + 1) * serviceTime / candidates.capacity(index);
        if (best < 0 || cost < bestCost) {
          best = index;
          bestCost = cost;
        }
      }
    }
    if (best >= 0) {
      start = best + 1;
    }
    return best;
  }

  private static double meanKnownServiceTime(Candidates candidates) {
    double sum = 0;
    int known = 0;
    for (int i = 0; i < candidates.size(); i++) {
      double serviceTime = candidates.serviceTimeNanos(i);
      if (serviceTime > 0) {
        sum += serviceTime;
        known++;
      }
    }
    return known == 0 ? 1 : sum / known;
  }
}
