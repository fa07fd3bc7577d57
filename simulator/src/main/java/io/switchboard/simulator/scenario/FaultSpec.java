package io.switchboard.simulator.scenario;

/**
 * A worker or a whole node that stops at {@code atNanos} and returns {@code downForNanos} later.
 *
 * @param atNanos when it stops
 * @param downForNanos how long it stays down
 * @param worker the worker's name, or null for a node fault
 * @param node the node's name, or null for a worker fault
 * @param immediate true when the fabric notices at once and redelivers in-flight messages
 *     immediately; false when they wait for their ack lease to expire
 */
public record FaultSpec(
    long atNanos, long downForNanos, String worker, String node, boolean immediate) {

  /** Returns what stops, like {@code worker h100-1} or {@code node b}. */
  public String target() {
    return worker != null ? "worker " + worker : "node " + node;
  }
}
