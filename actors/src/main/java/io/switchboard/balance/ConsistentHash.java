package io.switchboard.balance;

import io.switchboard.routing.Murmur3;
import io.switchboard.routing.StableHash;
import java.util.Arrays;

/**
 * Key affinity on a hash ring of consumer ids: a key goes to its preferred consumer while that
 * consumer has credit, otherwise to the next distinct consumer clockwise that has credit.
 *
 * <p>Affinity is soft because a busy preferred consumer must not stall the key (its KV cache is
 * worth less than the wait). Points depend only on ids, so when a consumer joins or leaves only the
 * keys next to its points move, about 1/N of them. The ring is rebuilt only when the membership
 * version changes. Messages without a key go to the least outstanding consumer.
 */
final class ConsistentHash implements BalancingStrategy {
  // Reused for every key: hashing must not allocate on the per-message path.
  private final Murmur3 keyHash = new Murmur3(0);

  /** Points per consumer: enough that each consumer's share stays within a few percent of 1/N. */
  static final int VIRTUAL_NODES = 128;

  private final LeastOutstanding keyless = new LeastOutstanding();
  private int[] points = new int[0];
  private int[] owners = new int[0];
  private int members = -1;
  private long version;

  @Override
  public int choose(Candidates candidates, String key) {
    if (key == null) {
      return keyless.choose(candidates, key);
    }
    int size = candidates.size();
    if (members != size || version != candidates.membershipVersion()) {
      rebuild(candidates);
    }
    if (!anyCredit(candidates)) {
      return -1;
    }
    int start = firstPointAtOrAfter(keyHash.hashUtf8(key));
    for (int step = 0; step < points.length; step++) {
      int owner = owners[(start + step) % points.length];
      if (candidates.credit(owner) > 0) {
        return owner;
      }
    }
    return -1;
  }

  private void rebuild(Candidates candidates) {
    int size = candidates.size();
    // Sorting (hash, index) pairs packed in a long keeps the build to one array sort.
    long[] ring = new long[size * VIRTUAL_NODES];
    for (int i = 0; i < size; i++) {
      String id = candidates.id(i);
      for (int v = 0; v < VIRTUAL_NODES; v++) {
        ring[i * VIRTUAL_NODES + v] = (long) StableHash.of(id + '#' + v) << 32 | i;
      }
    }
    Arrays.sort(ring);
    points = new int[ring.length];
    owners = new int[ring.length];
    for (int p = 0; p < ring.length; p++) {
      points[p] = (int) (ring[p] >> 32);
      owners[p] = (int) ring[p];
    }
    members = size;
    version = candidates.membershipVersion();
  }

  /** Returns the first ring position whose point is &gt;= hash, wrapping to 0 past the end. */
  private int firstPointAtOrAfter(int hash) {
    int low = 0;
    int high = points.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (points[mid] < hash) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low == points.length ? 0 : low;
  }

  private static boolean anyCredit(Candidates candidates) {
    for (int i = 0; i < candidates.size(); i++) {
      if (candidates.credit(i) > 0) {
        return true;
      }
    }
    return false;
  }
}
