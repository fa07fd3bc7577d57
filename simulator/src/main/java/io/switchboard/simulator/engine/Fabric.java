package io.switchboard.simulator.engine;

import io.switchboard.balance.BalancingStrategy;
import io.switchboard.simulator.report.RunRecorder;
import io.switchboard.simulator.scenario.WorkerKind;
import java.util.SplittableRandom;

/**
 * The path of a message after it reaches its partition: backlog, choice of worker by the group's
 * real balancing strategy, credit, delivery hop, worker slots, ack, lease expiry, redelivery and
 * dead letters.
 */
final class Fabric {
  private final EventQueue queue;
  private final MessageTable messages;
  private final DeliveryTable deliveries = new DeliveryTable();
  private final WorkerPool workers;
  private final Levels levels;
  private final RunRecorder recorder;
  private final MessageSource source;
  private final PartitionBacklog[] backlog;
  private final int[] partitionNode;
  private final boolean[] paused;
  private final BalancingStrategy[] strategies;
  private final long[][] hops;
  private final long leaseNanos;
  private final int maxAttempts;
  private final long windowStart;
  private final long windowEnd;
  private final SplittableRandom failures;
  private int nextPartition;
  long inFlight;
  long prefixLookups;
  long prefixHits;

  Fabric(FabricWiring wiring) {
    this.queue = wiring.queue();
    this.messages = wiring.messages();
    this.workers = wiring.workers();
    this.levels = wiring.levels();
    this.recorder = wiring.recorder();
    this.source = wiring.source();
    this.partitionNode = wiring.partitionNode();
    this.strategies = wiring.strategies();
    this.hops = wiring.hops();
    this.leaseNanos = wiring.fabric().leaseNanos();
    this.maxAttempts = wiring.fabric().maxAttempts();
    this.windowStart = wiring.run().warmupNanos();
    this.windowEnd = wiring.run().durationNanos();
    this.failures = wiring.failures();
    this.backlog = new PartitionBacklog[partitionNode.length];
    this.paused = new boolean[partitionNode.length];
    for (int p = 0; p < backlog.length; p++) {
      backlog[p] = new PartitionBacklog(source.scheduled(), messages, source);
    }
  }

  /** A message reaches its partition for the first time. */
  void enqueue(int m, long now) {
    messages.enqueuedAt[m] = now;
    messages.waitingSince[m] = now;
    levels.inSystem++;
    levels.backlog++;
    messages.liveDeliveries[m]++;
    int p = messages.partition[m];
    backlog[p].add(m);
    dispatch(p, now);
  }

  void dispatchAll(long now) {
    int partitions = backlog.length;
    for (int i = 0; i < partitions && levels.backlog > 0; i++) {
      int p = nextPartition;
      nextPartition = p + 1 == partitions ? 0 : p + 1;
      dispatch(p, now);
    }
  }

  private void dispatch(int p, long now) {
    PartitionBacklog waiting = backlog[p];
    if (paused[p]) {
      return;
    }
    while (!waiting.isEmpty()) {
      int m = waiting.peek();
      if (messages.done[m]) {
        // an earlier delivery finished after this redelivery was queued: nothing left to do
        waiting.poll();
        levels.backlog--;
        dropReference(m);
        continue;
      }
      int candidate = strategies[p].choose(workers, source.keyName(m));
      if (candidate < 0) {
        return;
      }
      if (workers.credit(candidate) <= 0) {
        // the simulator doubles as a contract check of the shared strategies
        throw new IllegalStateException(
            strategies[p].getClass().getSimpleName()
                + " chose candidate "
                + candidate
                + " without credit");
      }
      waiting.poll();
      levels.backlog--;
      messages.liveDeliveries[m]--;
      deliver(m, workers.worker(candidate), now);
    }
  }

  private void deliver(int m, int w, long now) {
    int d = deliveries.allocate();
    deliveries.message[d] = m;
    deliveries.worker[d] = w;
    deliveries.dispatchedAt[d] = now;
    deliveries.queuedSince[d] = messages.waitingSince[m];
    messages.attempts[m]++;
    messages.liveDeliveries[m]++;
    workers.outstanding[w]++;
    workers.hold(w, d, deliveries);
    inFlight++;
    long hop = hops[partitionNode[messages.partition[m]]][workers.node[w]];
    if (hop == 0) {
      atWorker(d, now);
    } else {
      queue.push(now + hop, Events.of(Events.AT_WORKER, deliveries.generation[d], d));
    }
  }

  /** A delivery reaches its worker: it starts at once if a slot is free, else waits there. */
  void atWorker(int d, long now) {
    if (deliveries.dead[d]) {
      return;
    }
    int w = deliveries.worker[d];
    if (workers.busy[w] < workers.concurrency[w]) {
      start(d, now);
    } else {
      workers.localQueue[w].addLast(d);
      if (leaseNanos > 0) {
        // how long it will wait here is unknown, so its lease must be watched from now on
        scheduleLease(d, deliveries.dispatchedAt[d] + leaseNanos);
      }
    }
  }

  private void start(int d, long now) {
    int w = deliveries.worker[d];
    int m = deliveries.message[d];
    workers.busy[w]++;
    levels.busySlots++;
    deliveries.running[d] = true;
    deliveries.startedAt[d] = now;
    WorkerKind kind = workers.kinds[w];
    double prefill = messages.prefill[m];
    if (kind.prefixHitFraction() > 0 && messages.key[m] >= 0) {
      boolean counted = now >= windowStart && now < windowEnd;
      prefixLookups += counted ? 1 : 0;
      if (workers.prefixCaches[w].touch(source.globalKey(m))) {
        prefill *= 1 - kind.prefixHitFraction();
        prefixHits += counted ? 1 : 0;
      }
    }
    double nanos =
        kind.service().nanos(messages.uniform[m], messages.normal[m], prefill, messages.decode[m]);
    long end = now + Math.max(1, Math.round(nanos));
    queue.push(end, Events.of(Events.COMPLETE, deliveries.generation[d], d));
    // most deliveries finish within their lease: only the others need a lease event
    long leaseEnd = deliveries.dispatchedAt[d] + leaseNanos;
    if (leaseNanos > 0 && !deliveries.leasePending[d] && end > leaseEnd) {
      scheduleLease(d, leaseEnd);
    }
  }

  /** A worker finishes a delivery: ack (or nack on a simulated failure) and free the slot. */
  void complete(int d, long now) {
    if (deliveries.dead[d]) {
      return; // its worker stopped; the lease event takes care of the message
    }
    int w = deliveries.worker[d];
    int m = deliveries.message[d];
    int partition = messages.partition[m];
    long started = deliveries.startedAt[d];
    stopRunning(d, w, now);
    workers.observeService(w, now - started);
    workers.unhold(w, d, deliveries);
    inFlight--;
    boolean failed =
        workers.kinds[w].errorRate() > 0 && failures.nextDouble() < workers.kinds[w].errorRate();
    if (messages.done[m]) {
      recorder.duplicate();
    } else if (failed) {
      redeliver(m, now);
    } else {
      boolean inWindow = now >= windowStart && now < windowEnd;
      if (inWindow) {
        workers.completed[w]++;
      }
      recorder.completed(
          now - messages.createdAt[m],
          started - deliveries.queuedSince[d],
          now - started,
          now - messages.enqueuedAt[m],
          messages.type[m],
          messages.measured[m],
          inWindow);
      finish(m);
    }
    releaseDelivery(d, m);
    if (!workers.localQueue[w].isEmpty()) {
      start(workers.localQueue[w].pollFirst(), now);
    }
    long hop = hops[workers.node[w]][partitionNode[partition]];
    if (hop == 0) {
      ack(w, workers.epoch[w], now);
    } else {
      queue.push(now + hop, Events.of(Events.ACK, workers.epoch[w], w));
    }
  }

  /** The ack reaches the partition: the worker's credit comes back. */
  void ack(int w, int epoch, long now) {
    if (Events.wrap(workers.epoch[w]) != epoch) {
      return; // the worker restarted since: its credit was already reset
    }
    workers.outstanding[w]--;
    dispatchAll(now);
  }

  /** A delivery's lease ends: redeliver unless it finished; a dead worker's slot is dropped. */
  void lease(int d, long now) {
    deliveries.leasePending[d] = false;
    int m = deliveries.message[d];
    if (!messages.done[m]) {
      redeliver(m, now);
    }
    if (deliveries.dead[d]) {
      releaseDelivery(d, m);
    }
  }

  void workerDown(int w, boolean immediate, long now) {
    workers.alive[w] = false;
    workers.epoch[w]++;
    workers.rebuildMembership();
    levels.liveSlots -= workers.concurrency[w];
    for (int i = workers.heldCount[w] - 1; i >= 0; i--) {
      int d = workers.held[w][i];
      int m = deliveries.message[d];
      if (deliveries.running[d]) {
        stopRunning(d, w, now);
      }
      deliveries.dead[d] = true;
      inFlight--;
      if (immediate) {
        if (!messages.done[m]) {
          redeliver(m, now);
        }
        releaseDelivery(d, m);
      } else if (!deliveries.leasePending[d]) {
        scheduleLease(d, Math.max(now, deliveries.dispatchedAt[d] + leaseNanos));
      }
    }
    workers.heldCount[w] = 0;
    workers.outstanding[w] = 0;
    workers.localQueue[w].clear();
    workers.prefixCaches[w].clear();
  }

  void workerUp(int w, long now) {
    workers.alive[w] = true;
    workers.rebuildMembership();
    levels.liveSlots += workers.concurrency[w];
    dispatchAll(now);
  }

  void pausePartitionsOn(int node, boolean pause, long now) {
    for (int p = 0; p < partitionNode.length; p++) {
      if (partitionNode[p] == node) {
        paused[p] = pause;
      }
    }
    if (!pause) {
      dispatchAll(now);
    }
  }

  boolean matches(long event) {
    return deliveries.matches(event);
  }

  private void redeliver(int m, long now) {
    if (messages.attempts[m] >= maxAttempts) {
      recorder.deadLettered();
      finish(m);
      return;
    }
    recorder.redelivered();
    messages.waitingSince[m] = now;
    levels.backlog++;
    messages.liveDeliveries[m]++;
    int p = messages.partition[m];
    // a redelivery goes ahead of newer messages (of its lane), keeping per-key order as far as it
    // can
    backlog[p].addRedelivery(m);
    dispatch(p, now);
  }

  private void stopRunning(int d, int w, long now) {
    deliveries.running[d] = false;
    workers.busy[w]--;
    levels.busySlots--;
    long from = Math.max(deliveries.startedAt[d], windowStart);
    long to = Math.min(now, windowEnd);
    if (to > from) {
      workers.busyNanos[w] += to - from;
    }
  }

  private void scheduleLease(int d, long at) {
    deliveries.leasePending[d] = true;
    queue.push(at, Events.of(Events.LEASE, deliveries.generation[d], d));
  }

  private void finish(int m) {
    messages.done[m] = true;
    levels.inSystem--;
  }

  private void releaseDelivery(int d, int m) {
    deliveries.release(d);
    dropReference(m);
  }

  /** Drops a reference (a delivery or backlog entry); frees a finished, unreferenced message. */
  private void dropReference(int m) {
    if (--messages.liveDeliveries[m] == 0 && messages.done[m]) {
      messages.release(m);
    }
  }
}
