package io.switchboard.simulator.service;

/**
 * The keys a worker served most recently (a small LRU), standing in for its KV cache: a message
 * whose key is still here reuses the conversation's prefix and skips part of its prefill.
 *
 * <p>A linear scan over a few hundred ints is cheaper than a linked map and allocates nothing.
 */
public final class PrefixCache {
  private final int[] keys;
  private final long[] lastUse;
  private int used;
  private long clock;

  /** Creates a cache holding up to {@code capacity} keys (0 disables it). */
  public PrefixCache(int capacity) {
    this.keys = new int[capacity];
    this.lastUse = new long[capacity];
  }

  /** Records a use of {@code key} and returns whether it was cached before. */
  public boolean touch(int key) {
    if (keys.length == 0 || key < 0) {
      return false;
    }
    clock++;
    int oldest = 0;
    for (int i = 0; i < used; i++) {
      if (keys[i] == key) {
        lastUse[i] = clock;
        return true;
      }
      if (lastUse[i] < lastUse[oldest]) {
        oldest = i;
      }
    }
    int slot = used < keys.length ? used++ : oldest;
    keys[slot] = key;
    lastUse[slot] = clock;
    return false;
  }

  /** Forgets every key, as after a worker restart. */
  public void clear() {
    used = 0;
  }
}
