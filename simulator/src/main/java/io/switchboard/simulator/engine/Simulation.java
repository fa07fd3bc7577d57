package io.switchboard.simulator.engine;

import io.switchboard.balance.BalancingStrategy;
import io.switchboard.simulator.report.RunRecorder;
import io.switchboard.simulator.report.RunResult;
import io.switchboard.simulator.report.WorkerSummary;
import io.switchboard.simulator.scenario.FaultSpec;
import io.switchboard.simulator.scenario.Scenario;
import io.switchboard.simulator.scenario.WorkerKind;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One deterministic run of a scenario in virtual time: the same scenario and seed give the same
 * result. Create one per run and call {@link #run()} once.
 */
public final class Simulation {
  private static final int PROGRESS_EVERY = 1 << 16;

  private final Scenario scenario;
  private final ProgressListener progress;
  private final EventQueue queue = new EventQueue();
  private final MessageTable messages = new MessageTable();
  private final Levels levels = new Levels();
  private final RunRecorder recorder;
  private final WorkerPool workers;
  private final Producers producers;
  private final Fabric fabric;
  private final int[] partitionNode;
  private final long[][] hops;
  private long created;
  private double windowInSystemArea;
  private double lastBacklogArea;
  private double lastBusyArea;
  private double lastLiveArea;
  private long lastSampleAt;
  private boolean ran;

  /** Prepares a run of {@code scenario}, reporting progress to {@code progress}. */
  public Simulation(Scenario scenario, ProgressListener progress) {
    this.scenario = scenario;
    this.progress = progress;
    SplittableRandom seeds = new SplittableRandom(scenario.run().seed());
    List<String> nodes = scenario.nodes();
    int partitions = scenario.fabric().partitions();
    hops = scenario.network().matrix(nodes);
    partitionNode = new int[partitions];
    BalancingStrategy[] strategies = new BalancingStrategy[partitions];
    for (int p = 0; p < partitions; p++) {
      partitionNode[p] = p % nodes.size();
      // one instance per partition, as in the runtime, each with its own seed
      strategies[p] = scenario.fabric().balancing().newStrategy(seeds.nextLong());
    }
    workers = new WorkerPool(scenario.kinds(), nodes, scenario.fabric().prefetch());
    producers =
        new Producers(
            scenario.streams(),
            nodes,
            partitions,
            messages,
            ServiceVariates.of(scenario.kinds()),
            seeds.split());
    recorder = new RunRecorder(producers.typeNames());
    fabric =
        new Fabric(
            new FabricWiring(
                queue,
                messages,
                workers,
                levels,
                recorder,
                producers,
                partitionNode,
                strategies,
                hops,
                scenario.fabric(),
                scenario.run(),
                seeds.split()));
    for (int w = 0; w < workers.ids.length; w++) {
      levels.liveSlots += workers.concurrency[w];
    }
  }

  /** Runs to the end of the drain period and returns the result. */
  public RunResult run() {
    if (ran) {
      throw new IllegalStateException("a Simulation runs once; create another for a new run");
    }
    ran = true;
    long duration = scenario.run().durationNanos();
    long end = duration + scenario.run().drainNanos();
    schedule();
    long events = 0;
    long now = 0;
    while (!queue.isEmpty() && queue.peekTime() <= end) {
      long event = queue.pop();
      now = queue.poppedTime();
      levels.advance(now);
      handle(event, now);
      if (++events % PROGRESS_EVERY == 0) {
        progress.progress(now, end, created);
      }
    }
    // stopped by the drain limit rather than by running out of events: the run lasted to end
    long stoppedAt = queue.isEmpty() ? now : end;
    levels.advance(stoppedAt);
    progress.progress(end, end, created);
    return finish(stoppedAt);
  }

  /** Returns how many message slots the run allocated: its peak backlog, not its length. */
  int messageSlots() {
    return messages.capacity();
  }

  private void schedule() {
    long duration = scenario.run().durationNanos();
    for (int s = 0; s < producers.streams(); s++) {
      long first = producers.first(s);
      if (first < duration) {
        queue.push(first, Events.of(Events.ARRIVAL, 0, s));
      }
    }
    List<FaultSpec> faults = scenario.faults();
    for (int f = 0; f < faults.size(); f++) {
      queue.push(faults.get(f).atNanos(), Events.of(Events.FAULT_DOWN, 0, f));
      queue.push(
          faults.get(f).atNanos() + faults.get(f).downForNanos(), Events.of(Events.FAULT_UP, 0, f));
    }
    queue.push(scenario.run().warmupNanos(), Events.of(Events.WARMUP_END, 0, 0));
    queue.push(duration, Events.of(Events.ARRIVALS_END, 0, 0));
    queue.push(scenario.run().intervalNanos(), Events.of(Events.SAMPLE, 0, 0));
  }

  private void handle(long event, long now) {
    int index = Events.index(event);
    switch (Events.kind(event)) {
      case Events.ARRIVAL -> arrive(index, now);
      case Events.AT_PARTITION -> fabric.enqueue(index, now);
      case Events.AT_WORKER -> {
        if (fabric.matches(event)) {
          fabric.atWorker(index, now);
        }
      }
      case Events.COMPLETE -> {
        if (fabric.matches(event)) {
          fabric.complete(index, now);
        }
      }
      case Events.ACK -> fabric.ack(index, Events.generation(event), now);
      case Events.LEASE -> {
        if (fabric.matches(event)) {
          fabric.lease(index, now);
        }
      }
      case Events.FAULT_DOWN -> fault(scenario.faults().get(index), true, now);
      case Events.FAULT_UP -> fault(scenario.faults().get(index), false, now);
      case Events.WARMUP_END -> windowInSystemArea = -levels.inSystemArea;
      case Events.ARRIVALS_END -> windowInSystemArea += levels.inSystemArea;
      case Events.SAMPLE -> sample(now);
      default -> throw new IllegalStateException("unknown event kind " + Events.kind(event));
    }
  }

  private void arrive(int s, long now) {
    boolean measured = now >= scenario.run().warmupNanos() && now < scenario.run().durationNanos();
    int m = producers.create(s, now, measured);
    created++;
    recorder.arrived(messages.measured[m]);
    long hop = hops[producers.node(s)][partitionNode[messages.partition[m]]];
    if (hop == 0) {
      fabric.enqueue(m, now);
    } else {
      queue.push(now + hop, Events.of(Events.AT_PARTITION, 0, m));
    }
    long next = producers.next(s, now);
    if (next < scenario.run().durationNanos()) {
      queue.push(next, Events.of(Events.ARRIVAL, 0, s));
    }
  }

  private void fault(FaultSpec fault, boolean down, long now) {
    if (fault.worker() != null) {
      int w = List.of(workers.ids).indexOf(fault.worker());
      if (w >= 0) { // absent when a sweep set the kind's count below this index
        toggleWorker(w, fault.immediate(), down, now);
      }
      return;
    }
    int node = scenario.nodes().indexOf(fault.node());
    for (int w = 0; w < workers.ids.length; w++) {
      if (workers.node[w] == node) {
        toggleWorker(w, fault.immediate(), down, now);
      }
    }
    fabric.pausePartitionsOn(node, down, now);
  }

  private void toggleWorker(int w, boolean immediate, boolean down, long now) {
    if (down && workers.alive[w]) {
      fabric.workerDown(w, immediate, now);
    } else if (!down && !workers.alive[w]) {
      fabric.workerUp(w, now);
    }
  }

  private void sample(long now) {
    double dt = now - lastSampleAt;
    double depth = (levels.backlogArea - lastBacklogArea) / dt;
    double live = levels.liveArea - lastLiveArea;
    double utilization = live > 0 ? (levels.busyArea - lastBusyArea) / live : 0;
    recorder.sample(now / 1e9, depth, fabric.inFlight, utilization);
    lastBacklogArea = levels.backlogArea;
    lastBusyArea = levels.busyArea;
    lastLiveArea = levels.liveArea;
    lastSampleAt = now;
    boolean arriving = now < scenario.run().durationNanos();
    if (arriving || levels.inSystem > 0) {
      queue.push(now + scenario.run().intervalNanos(), Events.of(Events.SAMPLE, 0, 0));
    }
  }

  private RunResult finish(long now) {
    for (int m = 0; m < messages.capacity(); m++) {
      if (messages.allocated[m] && !messages.done[m] && messages.measured[m]) {
        recorder.unfinished(now - messages.createdAt[m]);
      }
    }
    double window = scenario.run().windowNanos();
    List<WorkerSummary> perWorker = new ArrayList<>();
    for (int w = 0; w < workers.ids.length; w++) {
      WorkerKind kind = workers.kinds[w];
      perWorker.add(
          new WorkerSummary(
              workers.ids[w],
              kind.name(),
              scenario.nodes().get(workers.node[w]),
              workers.completed[w],
              workers.busyNanos[w] / (window * workers.concurrency[w])));
    }
    return new RunResult(
        recorder.summarize(
            scenario.fabric().balancing().configName(),
            scenario.run().seed(),
            window / 1e9,
            windowInSystemArea / window,
            fabric.prefixLookups == 0 ? 0 : fabric.prefixHits / (double) fabric.prefixLookups,
            perWorker),
        recorder.rows(),
        recorder.latencyMicros(),
        created);
  }
}
