package io.switchboard.balance;

/**
 * The consumer with credit holding the least outstanding work (least connections): the fewest
 * tokens, then the fewest deliveries. Without declared costs every message counts one token, so
 * this is the fewest deliveries.
 */
final class LeastOutstanding implements BalancingStrategy {
  // The scan starts after the last pick, so consumers tied on outstanding take turns instead of
  // the lowest index taking every message while acks keep all counts equal.
  private int start;

  @Override
  public int choose(Candidates candidates, String key) {
    int size = candidates.size();
    int best = -1;
    long bestTokens = Long.MAX_VALUE;
    int bestOutstanding = Integer.MAX_VALUE;
    for (int i = 0; i < size; i++) {
      int index = (start + i) % size;
      if (candidates.credit(index) > 0) {
        long tokens = candidates.outstandingTokens(index);
        int outstanding = candidates.outstanding(index);
        if (tokens < bestTokens || (tokens == bestTokens && outstanding < bestOutstanding)) {
          best = index;
          bestTokens = tokens;
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
