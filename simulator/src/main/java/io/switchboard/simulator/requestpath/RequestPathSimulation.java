package io.switchboard.simulator.requestpath;

import io.switchboard.simulator.scenario.RequestPathScenario;
import java.util.ArrayDeque;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;

/**
 * One deterministic run of a {@link RequestPathScenario}: rounds of requests that each take CPU and
 * journal commits to be stored, wait for a worker slot, and then stream chunks whose relay takes
 * CPU and a commit each, then end with a final reply. Measures what the path adds over the worker's
 * own pace, as {@code RequestBurstBenchmark} does. Create one per run.
 */
public final class RequestPathSimulation {
  private final RequestPathScenario scenario;
  private final RequestPathScenario.NodeCosts node;
  private final RequestPathScenario.Workers work;
  private final Timeline timeline = new Timeline();
  private final CpuStage cpu;
  private final GroupCommit journal;
  private final SplittableRandom arrivals;
  private final SplittableRandom paces;
  private final SplittableRandom costs;
  private final ArrayDeque<Call> waitingForSlot = new ArrayDeque<>();
  private final Histogram stored = histogram();
  private final Histogram dispatch = histogram();
  private final Histogram firstAdded = histogram();
  private final Histogram gapAdded = histogram();
  private final ArrayDeque<Call> waitingToStart = new ArrayDeque<>();
  private int freeSlots;
  private int freeStarts;
  private int round;
  private int unfinished;
  private long measuredSince = -1;
  private long measuredNanos;
  private long relayed;
  private long cpuAtMeasureStart;
  private boolean ran;

  /** One request's progress. */
  private static final class Call {
    final boolean measured;
    final long requestedAt;
    long gotAt;
    long lastAtCaller;
    long lastSent;
    int sent;
    int read;
    boolean reading;
    boolean ended;
    boolean done;
    final ArrayDeque<Long> storedSends = new ArrayDeque<>();

    Call(boolean measured, long requestedAt) {
      this.measured = measured;
      this.requestedAt = requestedAt;
    }
  }

  /** Prepares a run of {@code scenario}. */
  public RequestPathSimulation(RequestPathScenario scenario) {
    this.scenario = scenario;
    this.node = scenario.node();
    this.work = scenario.workers();
    this.cpu = new CpuStage(timeline, node.cores());
    this.journal = new GroupCommit(timeline, node.commitNanos());
    SplittableRandom seeds = new SplittableRandom(scenario.seed());
    this.arrivals = seeds.split();
    this.paces = seeds.split();
    this.costs = seeds.split();
    this.freeSlots = work.slots();
    this.freeStarts = node.startsAtOnce();
  }

  /** Runs every round and returns what was measured over the rounds after the warm-up. */
  public RequestPathResult run() {
    if (ran) {
      throw new IllegalStateException("a RequestPathSimulation runs once; create another");
    }
    ran = true;
    timeline.at(0, this::startRound);
    timeline.runAll();
    double cpuNanos = cpu.busyNanos() - cpuAtMeasureStart;
    return new RequestPathResult(
        Quantiles.of(stored),
        Quantiles.of(dispatch),
        Quantiles.of(firstAdded),
        Quantiles.of(gapAdded),
        relayed / (measuredNanos / 1e9),
        cpuNanos / measuredNanos,
        cpu.meanWaitNanos(),
        journal.commits(),
        measuredNanos);
  }

  private void startRound() {
    var load = scenario.load();
    boolean measured = round >= load.warmupRounds();
    if (measured && measuredSince < 0) {
      cpu.resetWaits();
      cpuAtMeasureStart = cpu.busyNanos();
    }
    if (measured) {
      measuredSince = timeline.now();
    }
    unfinished = load.requests();
    long at = timeline.now();
    for (int i = 0; i < load.requests(); i++) {
      if (load.ratePerSecond() > 0 && i > 0) {
        at += (long) (-Math.log(1 - arrivals.nextDouble()) / load.ratePerSecond() * 1e9);
      }
      Call call = new Call(measured, at);
      timeline.at(at, () -> request(call));
    }
  }

  private void request(Call call) {
    if (freeStarts == 0) {
      waitingToStart.add(call);
      return;
    }
    freeStarts--;
    onCpu(node.startCpuNanos(), () -> commits(node.startWrites(), () -> stored(call)));
  }

  private void stored(Call call) {
    record(call, stored, timeline.now() - call.requestedAt);
    freeStarts++;
    if (!waitingToStart.isEmpty()) {
      request(waitingToStart.poll());
    }
    if (freeSlots > 0) {
      freeSlots--;
      deliver(call);
    } else {
      waitingForSlot.add(call);
    }
  }

  private void deliver(Call call) {
    timeline.at(timeline.now() + node.hopNanos(), () -> atWorker(call));
  }

  private void atWorker(Call call) {
    call.gotAt = timeline.now();
    record(call, dispatch, call.gotAt - call.requestedAt);
    if (work.chunks() == 0) {
      end(call);
    } else {
      timeline.at(call.gotAt + pace(), () -> send(call));
    }
  }

  private void send(Call call) {
    long sentAt = timeline.now();
    onCpu(node.chunkCpuNanos(), () -> journal.write(() -> chunkStored(call, sentAt)));
  }

  private void chunkStored(Call call, long sentAt) {
    // the worker's reply() is answered across the hop; the caller reads the chunk meanwhile
    long back = timeline.now() + node.hopNanos();
    call.storedSends.add(sentAt);
    if (!call.reading) {
      read(call);
    }
    call.sent++;
    if (call.sent < work.chunks()) {
      timeline.at(back + pace(), () -> send(call));
    } else {
      timeline.at(back, () -> end(call));
    }
  }

  /** The caller's reads are one at a time (a long poll answered, then the next asked). */
  private void read(Call call) {
    call.reading = true;
    long sentAt = call.storedSends.poll();
    onCpu(
        node.chunkReadCpuNanos(),
        () -> timeline.at(timeline.now() + node.hopNanos(), () -> atCaller(call, sentAt)));
  }

  private void atCaller(Call call, long sentAt) {
    long now = timeline.now();
    call.read++;
    if (call.read == 1) {
      record(call, firstAdded, (now - call.requestedAt) - (sentAt - call.gotAt));
    } else {
      record(call, gapAdded, (now - call.lastAtCaller) - (sentAt - call.lastSent));
    }
    if (call.measured) {
      relayed++;
    }
    call.lastAtCaller = now;
    call.lastSent = sentAt;
    call.reading = false;
    if (!call.storedSends.isEmpty()) {
      read(call);
    } else if (call.read == work.chunks()) {
      callerDone(call);
    }
  }

  private void end(Call call) {
    onCpu(node.endCpuNanos(), () -> commits(node.endWrites(), () -> ended(call)));
  }

  private void ended(Call call) {
    if (waitingForSlot.isEmpty()) {
      freeSlots++;
    } else {
      deliver(waitingForSlot.poll());
    }
    call.ended = true;
    if (call.read == work.chunks()) {
      callerDone(call);
    }
  }

  /** The request's answer is complete at the caller and at the worker. */
  private void callerDone(Call call) {
    if (!call.ended || call.done) {
      return;
    }
    call.done = true;
    if (--unfinished == 0) {
      if (measuredSince >= 0) {
        measuredNanos += timeline.now() - measuredSince;
      }
      var load = scenario.load();
      if (++round < load.warmupRounds() + load.rounds()) {
        startRound();
      }
    }
  }

  private void onCpu(long meanNanos, Runnable done) {
    if (meanNanos == 0) {
      done.run();
      return;
    }
    long cost =
        node.exponential()
            ? Math.max(1, (long) (-Math.log(1 - costs.nextDouble()) * meanNanos))
            : meanNanos;
    cpu.submit(cost, done);
  }

  private void commits(int writes, Runnable done) {
    if (writes == 0) {
      done.run();
    } else {
      journal.write(() -> commits(writes - 1, done));
    }
  }

  private long pace() {
    long jitter = work.paceJitterNanos();
    return work.paceNanos() + (jitter == 0 ? 0 : paces.nextLong(jitter));
  }

  private static void record(Call call, Histogram histogram, long nanos) {
    if (call.measured) {
      histogram.recordValue(Math.max(0, nanos) / 1_000); // below 0 counts as 0, as measured
    }
  }

  private static Histogram histogram() {
    return new Histogram(3);
  }
}
