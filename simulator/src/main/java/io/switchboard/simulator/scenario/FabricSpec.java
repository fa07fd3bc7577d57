package io.switchboard.simulator.scenario;

import io.switchboard.balance.Balancing;

/**
 * The topic and consumer group the traffic goes through.
 *
 * @param partitions how many partitions the topic has
 * @param balancing the group's balancing strategy
 * @param prefetch credit a worker grants beyond its concurrency (messages it queues locally)
 * @param leaseNanos ack lease: an unacknowledged delivery is redelivered after this (0: never)
 * @param maxAttempts deliveries per message before it goes to dead letters
 */
public record FabricSpec(
    int partitions, Balancing balancing, int prefetch, long leaseNanos, int maxAttempts) {

  /** Returns a copy using another balancing strategy. */
  public FabricSpec withBalancing(Balancing other) {
    return new FabricSpec(partitions, other, prefetch, leaseNanos, maxAttempts);
  }
}
