package io.switchboard.simulator.report;

import java.util.List;

/**
 * The result of one run over its measured window (after warm-up, until arrivals stop).
 *
 * @param balancing the strategy's config name
 * @param seed the run's seed
 * @param windowSeconds length of the measured window
 * @param messages messages created in the window
 * @param completed of those, how many finished
 * @param unfinished of those, how many were still in flight when the run ended (their time so far
 *     is counted in the latency quantiles, so an overloaded run shows it)
 * @param offeredRate messages created per second in the window
 * @param throughput completions per second in the window
 * @param latency creation to completion
 * @param queueWait partition arrival to service start (backlog, delivery hop, local queue)
 * @param service time in service at the worker
 * @param meanInSystem time-average number of messages between partition arrival and completion (the
 *     L of Little's law)
 * @param meanSojourn mean time from partition arrival to completion (the W of Little's law)
 * @param redeliveries deliveries repeated after a lease expiry, failure or nack
 * @param duplicates completions of a message that had already completed
 * @param deadLetters messages that exhausted their attempts
 * @param prefixHitRate share of keyed service starts whose key was in the worker's prefix cache (0
 *     when no kind reuses prefixes)
 * @param types end-to-end latency per message type (completed messages only)
 * @param workers per-worker completions and utilization
 */
public record Summary(
    String balancing,
    long seed,
    double windowSeconds,
    long messages,
    long completed,
    long unfinished,
    double offeredRate,
    double throughput,
    LatencySummary latency,
    LatencySummary queueWait,
    LatencySummary service,
    double meanInSystem,
    double meanSojourn,
    long redeliveries,
    long duplicates,
    long deadLetters,
    double prefixHitRate,
    List<TypeSummary> types,
    List<WorkerSummary> workers) {

  public Summary {
    types = List.copyOf(types);
    workers = List.copyOf(workers);
  }

  /** Returns the mean utilization over all workers. */
  public double meanUtilization() {
    return workers.stream().mapToDouble(WorkerSummary::utilization).average().orElse(0);
  }
}
