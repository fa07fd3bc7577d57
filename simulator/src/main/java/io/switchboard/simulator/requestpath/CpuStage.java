package io.switchboard.simulator.requestpath;

import java.util.ArrayDeque;

/**
 * The node's CPU as a service stage: {@code ceil(cores)} servers taking jobs first come, first
 * served (the dispatchers' threads run mailbox work in the order it was queued). A fraction of a
 * core (the share a loaded machine gives the process) is that many servers each running slower: a
 * job of cost c takes c * ceil(cores) / cores. Records each job's wait.
 */
final class CpuStage {
  private record Job(long cost, long queuedAt, Runnable done) {}

  private final Timeline timeline;
  private final int cores;
  private final double slowdown;
  private final ArrayDeque<Job> queue = new ArrayDeque<>();
  private int busy;
  private long busyNanos;
  private double waitSum;
  private long jobs;

  CpuStage(Timeline timeline, double cores) {
    this.timeline = timeline;
    this.cores = (int) Math.ceil(cores);
    this.slowdown = this.cores / cores;
  }

  /** Runs {@code done} once a core has spent {@code cost} nanoseconds on this job. */
  void submit(long cost, Runnable done) {
    Job job = new Job(cost, timeline.now(), done);
    if (busy < cores) {
      start(job);
    } else {
      queue.add(job);
    }
  }

  private void start(Job job) {
    busy++;
    busyNanos += job.cost;
    waitSum += timeline.now() - job.queuedAt;
    jobs++;
    timeline.at(timeline.now() + Math.round(job.cost * slowdown), () -> finish(job));
  }

  private void finish(Job job) {
    busy--;
    if (!queue.isEmpty()) {
      start(queue.poll());
    }
    job.done.run();
  }

  /** Returns the CPU time spent (the jobs' costs, not stretched by a fraction), in nanoseconds. */
  long busyNanos() {
    return busyNanos;
  }

  /** Returns the mean wait of the jobs started so far, in nanoseconds. */
  double meanWaitNanos() {
    return jobs == 0 ? 0 : waitSum / jobs;
  }

  /** Forgets the waits recorded so far (the end of a warm-up). */
  void resetWaits() {
    waitSum = 0;
    jobs = 0;
  }
}
