package io.switchboard.balance;

/** Each consumer with credit in turn. */
final class RoundRobin implements BalancingStrategy {
  private int next;

  @Override
  public int choose(Candidates candidates, String key) {
    int size = candidates.size();
    for (int i = 0; i < size; i++) {
      int index = (next + i) % size;
      if (candidates.credit(index) > 0) {
        next = index + 1;
        return index;
      }
    }
    return -1;
  }
}
