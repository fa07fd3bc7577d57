package io.switchboard.balance;

/** The consumer with credit holding the fewest unacknowledged deliveries (least connections). */
final class LeastOutstanding implements BalancingStrategy {
  // The scan starts after the last pick, so consumers tied on outstanding take turns instead of
  // the lowest index taking every message while acks keep all counts equal.
  private int start;

  @Override
  public int choose(Candidates candidates, String key) {
    int size = candidates.size();
    int best = -1;
    int bestOutstanding = Integer.MAX_VALUE;
    for (int i = 0; i < size; i++) {
      int index = (start + i) % size;
      if (candidates.credit(index) > 0) {
        int outstanding = candidates.outstanding(index);
        if (outstanding < bestOutstanding) {
          best = index;
          bestOutstanding = outstanding;
        }
      }
    }
    if (best >= 0) {
      start = best + 1;
    }
    return best;
  }
}
