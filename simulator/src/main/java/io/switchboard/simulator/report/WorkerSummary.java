package io.switchboard.simulator.report;

/**
 * One worker's share of a run.
 *
 * @param id the worker's name
 * @param kind its kind
 * @param node the node it runs on
 * @param completed messages it finished in the measured window
 * @param utilization busy slot time over available slot time in the window, 0..1
 */
public record WorkerSummary(
    String id, String kind, String node, long completed, double utilization) {}
