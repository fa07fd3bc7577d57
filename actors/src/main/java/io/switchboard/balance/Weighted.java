package io.switchboard.balance;

import java.util.Arrays;

/**
 * Smooth weighted round robin (as in nginx) over declared capacity, among consumers with credit.
 *
 * <p>Each pick adds every eligible consumer's capacity to its running score, takes the highest
 * score and subtracts the eligible total from it: over any window the picks follow the capacity
 * ratio, interleaved rather than in bursts. A consumer without credit is left out of the round and
 * keeps its score. Scores restart from zero when the membership changes, since indexes then name
 * other consumers.
 */
final class Weighted implements BalancingStrategy {
  private double[] scores = new double[0];
  private long version = Long.MIN_VALUE;

  @Override
  public int choose(Candidates candidates, String key) {
    int size = candidates.size();
    if (version != candidates.membershipVersion() || scores.length != size) {
      resetScores(size, candidates.membershipVersion());
    }
    double total = 0;
    int best = -1;
    for (int i = 0; i < size; i++) {
      if (candidates.credit(i) > 0) {
        double capacity = candidates.capacity(i);
        total += capacity;
        scores[i] += capacity;
        if (best < 0 || scores[i] > scores[best]) {
          best = i;
        }
      }
    }
    if (best >= 0) {
      scores[best] -= total;
    }
    return best;
  }

  private void resetScores(int size, long membershipVersion) {
    if (scores.length == size) {
      Arrays.fill(scores, 0);
    } else {
      scores = new double[size];
    }
    version = membershipVersion;
  }
}
