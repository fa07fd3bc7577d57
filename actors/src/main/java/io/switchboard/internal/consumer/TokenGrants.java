package io.switchboard.internal.consumer;

import io.switchboard.consumer.Receipt;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * One token budget shared by the partitions of a topic, kept by the consumer that holds it. Each
 * partition holds a grant (it hands out while its outstanding cost fits the grant) and the grants
 * never promise more than the budget: a partition whose waiting message does not fit its grant says
 * so ({@code wanted}), and is given tokens the consumer has free, or, first in line, makes the
 * others' unused grants be taken back (lowered to what they hold). A lowered grant still counts at
 * its old size until the partition confirms it, so the sum of what partitions may hand out stays
 * within the budget at every moment. Used from one actor's thread.
 */
final class TokenGrants {

  /** Sends a partition its new grant. */
  interface Sender {
    void grant(int partition, long grant);
  }

  private final long budget;
  private final Sender sender;
  private final long[] grant;

  /** A changed grant not yet confirmed by its partition, which may still use the previous one. */
  private final boolean[] pending;

  private final long[] previous;
  private final long[] held;
  private final long[] wanted;

  /** Partitions whose waiting message lacks grant, in the order they said so (first served). */
  private final LinkedHashSet<Integer> waiting = new LinkedHashSet<>();

  private final Map<Receipt, Long> costs = new HashMap<>();

  TokenGrants(long budget, int partitions, Sender sender) {
    this.budget = budget;
    this.sender = sender;
    this.grant = new long[partitions];
    this.pending = new boolean[partitions];
    this.previous = new long[partitions];
    this.held = new long[partitions];
    this.wanted = new long[partitions];
    for (int p = 0; p < partitions; p++) {
      grant[p] = budget / partitions + (p < budget % partitions ? 1 : 0);
    }
  }

  /** Returns the grant partition {@code p} holds (or is being sent). */
  long grant(int p) {
    return grant[p];
  }

  /** Returns the cost of what the consumer holds, over all partitions. */
  long held() {
    long sum = 0;
    for (long h : held) {
      sum += h;
    }
    return sum;
  }

  /** Counts a delivery of {@code cost} until it is settled. */
  void delivered(Receipt receipt, long cost) {
    if (costs.put(receipt, cost) == null) {
      held[receipt.partition()] += cost;
    }
  }

  /** Frees a delivery's tokens (acked, nacked, released or detached). */
  void settled(Receipt receipt) {
    Long cost = costs.remove(receipt);
    if (cost != null) {
      held[receipt.partition()] -= cost;
      rebalance();
    }
  }

  /** Takes a partition's answer: the grant it now holds and the cost it lacks grant for. */
  void tokens(int p, long grantTaken, long want) {
    if (pending[p] && grantTaken == grant[p]) {
      pending[p] = false;
    }
    wanted[p] = want;
    if (want > 0) {
      waiting.add(p);
    } else {
      waiting.remove(p);
    }
    rebalance();
  }

  private long reserved(int p) {
    long promised = pending[p] ? Math.max(previous[p], grant[p]) : grant[p];
    return Math.max(promised, held[p]);
  }

  private long free() {
    long sum = 0;
    for (int p = 0; p < grant.length; p++) {
      sum += reserved(p);
    }
    return budget - sum;
  }

  private void rebalance() {
    for (int q : waiting) {
      // A message over the whole budget asks for all of it: the partition then gives it alone.
      long target = Math.min(budget, held[q] + wanted[q]);
      if (grant[q] >= target) {
        continue; // given: the partition hands it out once its acks in flight arrive
      }
      if (pending[q]) {
        return;
      }
      if (free() >= Math.max(held[q], target) - reserved(q)) {
        change(q, target);
        continue;
      }
      // First in line and short: take back what the others were granted and do not use.
      for (int p = 0; p < grant.length; p++) {
        if (p != q && !pending[p] && grant[p] > held[p]) {
          change(p, held[p]);
        }
      }
      return;
    }
  }

  private void change(int p, long value) {
    previous[p] = grant[p];
    grant[p] = value;
    pending[p] = true;
    sender.grant(p, value);
  }
}
