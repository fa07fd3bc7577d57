package io.switchboard.simulator.engine;

import io.switchboard.balance.Candidates;
import io.switchboard.simulator.scenario.WorkerKind;
import io.switchboard.simulator.service.PrefixCache;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulated workers and the group's view of them as {@link Candidates}.
 *
 * <p>Candidate indices cover the live workers only, as the runtime's membership does: a stopped
 * worker leaves the group (its index disappears and the membership version changes) and comes back
 * under the same id.
 */
final class WorkerPool implements Candidates {
  /** Weight of the newest sample in the measured service time the strategies read. */
  private static final double SERVICE_TIME_SMOOTHING = 0.05;

  final String[] ids;
  final WorkerKind[] kinds;
  final int[] node;
  final int[] credit;
  final int[] concurrency;
  final int[] outstanding;
  final int[] busy;
  final int[] epoch;
  final boolean[] alive;
  final long[] completed;
  final double[] busyNanos;
  final double[] serviceEstimate;
  final PrefixCache[] prefixCaches;
  final IntDeque[] localQueue;
  final int[][] held;
  final int[] heldCount;
  private int[] active;
  private int activeCount;
  private long version;

  WorkerPool(List<WorkerKind> kindList, List<String> nodes, int prefetch) {
    List<String> names = new ArrayList<>();
    List<WorkerKind> owners = new ArrayList<>();
    List<Integer> placement = new ArrayList<>();
    for (WorkerKind kind : kindList) {
      for (int i = 0; i < kind.count(); i++) {
        names.add(kind.name() + "-" + i);
        owners.add(kind);
        placement.add(nodes.indexOf(kind.nodes().get(i % kind.nodes().size())));
      }
    }
    int n = names.size();
    ids = names.toArray(String[]::new);
    kinds = owners.toArray(WorkerKind[]::new);
    node = placement.stream().mapToInt(Integer::intValue).toArray();
    credit = new int[n];
    concurrency = new int[n];
    outstanding = new int[n];
    busy = new int[n];
    epoch = new int[n];
    alive = new boolean[n];
    completed = new long[n];
    busyNanos = new double[n];
    serviceEstimate = new double[n];
    prefixCaches = new PrefixCache[n];
    localQueue = new IntDeque[n];
    held = new int[n][];
    heldCount = new int[n];
    active = new int[n];
    for (int w = 0; w < n; w++) {
      concurrency[w] = kinds[w].concurrency();
      credit[w] = concurrency[w] + prefetch;
      alive[w] = true;
      prefixCaches[w] = new PrefixCache(kinds[w].prefixCacheKeys());
      localQueue[w] = new IntDeque();
      held[w] = new int[credit[w]];
    }
    rebuildMembership();
  }

  /** Returns the worker behind a candidate index. */
  int worker(int candidate) {
    return active[candidate];
  }

  void rebuildMembership() {
    activeCount = 0;
    for (int w = 0; w < ids.length; w++) {
      if (alive[w]) {
        active[activeCount++] = w;
      }
    }
    version++;
  }

  void hold(int w, int delivery, DeliveryTable deliveries) {
    deliveries.heldAt[delivery] = heldCount[w];
    held[w][heldCount[w]++] = delivery;
  }

  void unhold(int w, int delivery, DeliveryTable deliveries) {
    int at = deliveries.heldAt[delivery];
    int last = held[w][--heldCount[w]];
    held[w][at] = last;
    deliveries.heldAt[last] = at;
  }

  void observeService(int w, double nanos) {
    double estimate = serviceEstimate[w];
    serviceEstimate[w] =
        estimate == 0 ? nanos : estimate + SERVICE_TIME_SMOOTHING * (nanos - estimate);
  }

  @Override
  public int size() {
    return activeCount;
  }

  @Override
  public String id(int index) {
    return ids[active[index]];
  }

  @Override
  public int credit(int index) {
    int w = active[index];
    return credit[w] - outstanding[w];
  }

  @Override
  public int outstanding(int index) {
    return outstanding[active[index]];
  }

  @Override
  public double capacity(int index) {
    return kinds[active[index]].capacity();
  }

  @Override
  public double serviceTimeNanos(int index) {
    return serviceEstimate[active[index]];
  }

  @Override
  public long membershipVersion() {
    return version;
  }
}
