package io.switchboard.balance;

import java.util.SplittableRandom;

/**
 * The less loaded of two consumers with credit drawn at random: outstanding tokens per capacity
 * (without declared costs every message counts one token).
 */
final class PowerOfTwo implements BalancingStrategy {
  private final SplittableRandom random;

  PowerOfTwo(long seed) {
    this.random = new SplittableRandom(seed);
  }

  @Override
  public int choose(Candidates candidates, String key) {
    int size = candidates.size();
    int eligible = 0;
    for (int i = 0; i < size; i++) {
      if (candidates.credit(i) > 0) {
        eligible++;
      }
    }
    if (eligible <= 1) {
      return eligible == 0 ? -1 : nthWithCredit(candidates, 0);
    }
    // Two distinct ranks among the consumers with credit, without building a list of them.
    int first = random.nextInt(eligible);
    int second = random.nextInt(eligible - 1);
    if (second >= first) {
      second++;
    }
    int a = nthWithCredit(candidates, first);
    int b = nthWithCredit(candidates, second);
    return load(candidates, b) < load(candidates, a) ? b : a;
  }

  private static double load(Candidates candidates, int index) {
    return candidates.outstandingTokens(index) / candidates.capacity(index);
  }

  private static int nthWithCredit(Candidates candidates, int rank) {
    int seen = 0;
    for (int i = 0; i < candidates.size(); i++) {
      if (candidates.credit(i) > 0 && seen++ == rank) {
        return i;
      }
    }
    throw new IllegalStateException("credit changed during choose");
  }
}
