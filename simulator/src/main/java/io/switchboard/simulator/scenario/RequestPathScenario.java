package io.switchboard.simulator.scenario;

/**
 * A request-path scenario: callers' requests answered by streaming workers through one or two
 * nodes, whose CPU and journal are the service stages (see docs/simulator.md, "Requests that
 * answer").
 *
 * @param seed the run's seed (arrivals, pace jitter, exponential costs)
 * @param load how many requests arrive, and when
 * @param workers what a synthetic worker does with a request
 * @param node what the node spends on a request and a chunk
 */
public record RequestPathScenario(long seed, Load load, Workers workers, NodeCosts node) {

  /**
   * The callers.
   *
   * @param requests requests per round
   * @param rounds measured rounds; the next round starts when the previous one's last request ended
   * @param warmupRounds rounds run before the measured ones, not counted
   * @param ratePerSecond 0: a round's requests all arrive at its start (a burst); above 0: they
   *     arrive as a Poisson process at this rate
   */
  public record Load(int requests, int rounds, int warmupRounds, double ratePerSecond) {}

  /**
   * The synthetic workers.
   *
   * @param slots requests the workers hold at once (their credit); the rest wait in the partition
   * @param chunks chunks per request, then a final reply
   * @param paceNanos time between a chunk's reply being stored and the next chunk's send
   * @param paceJitterNanos a uniform extra in [0, jitter) added to each pace (scheduler ticks)
   */
  public record Workers(int slots, int chunks, long paceNanos, long paceJitterNanos) {}

  /**
   * The node(s).
   *
   * @param nodes 1, or 2 (workers on the second node: a hop per crossing)
   * @param cores the cores everything gets (both JVMs when two run on one machine); a fraction is a
   *     loaded machine's share
   * @param exponential CPU costs drawn exponentially around their means instead of fixed
   * @param startCpuNanos CPU per request from request() to the worker holding it
   * @param chunkCpuNanos CPU per chunk from the worker's reply() to the chunk stored
   * @param chunkReadCpuNanos CPU per chunk for the caller's read (after the chunk is stored)
   * @param endCpuNanos CPU per request for its final reply and settlement
   * @param startsAtOnce requests whose start runs at once (a reply stream's recovery needs one of
   *     {@code pekko.persistence.max-concurrent-recoveries} permits); the rest wait in order
   * @param startWrites journal commits a request waits for, one after another, before dispatch
   * @param endWrites journal commits of the final reply, one after another
   * @param commitNanos time of one group commit (0: writes take no time)
   * @param hopNanos one crossing between the nodes (nodes = 2 only)
   */
  public record NodeCosts(
      int nodes,
      double cores,
      boolean exponential,
      long startCpuNanos,
      long chunkCpuNanos,
      long chunkReadCpuNanos,
      long endCpuNanos,
      int startsAtOnce,
      int startWrites,
      int endWrites,
      long commitNanos,
      long hopNanos) {}
}
