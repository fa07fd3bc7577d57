package io.switchboard.runtime.http.consume;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the long polls open on this node, in all and per client, and admits a new one only under
 * both bounds. Thread-safe; a granted permit must be released exactly once.
 */
final class LongPollLimiter {

  /** The outcome of asking for a long poll. */
  enum Admission {
    GRANTED,
    CLIENT_FULL,
    NODE_FULL
  }

  private final int maxTotal;
  private final int maxPerClient;
  private final AtomicInteger total = new AtomicInteger();
  private final ConcurrentHashMap<String, Integer> perClient = new ConcurrentHashMap<>();

  LongPollLimiter(int maxTotal, int maxPerClient) {
    this.maxTotal = maxTotal;
    this.maxPerClient = maxPerClient;
  }

  /** Takes a permit for {@code client} if both bounds allow it. */
  Admission acquire(String client) {
    if (total.incrementAndGet() > maxTotal) {
      total.decrementAndGet();
      return Admission.NODE_FULL;
    }
    boolean[] admitted = {false};
    perClient.compute(
        client,
        (key, open) -> {
          int count = open == null ? 0 : open;
          if (count >= maxPerClient) {
            return open;
          }
          admitted[0] = true;
          return count + 1;
        });
    if (!admitted[0]) {
      total.decrementAndGet();
      return Admission.CLIENT_FULL;
    }
    return Admission.GRANTED;
  }

  /** Gives back a permit of {@code client}. */
  void release(String client) {
    // removing the entry at zero keeps the map as small as the set of clients polling now
    perClient.computeIfPresent(client, (key, open) -> open <= 1 ? null : open - 1);
    total.decrementAndGet();
  }

  /** Returns the long polls open now. */
  int open() {
    return total.get();
  }
}
