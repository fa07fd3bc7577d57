package io.switchboard.simulator.report;

/**
 * The end-to-end latency and queue wait of one message type.
 *
 * @param type the message type, like {@code chat.turn}
 * @param latency its latency over completed measured messages
 * @param queueWait its wait in the partition (and at the worker) before service, over the same
 *     messages: the number a priority band or tenant share changes
 */
public record TypeSummary(String type, LatencySummary latency, LatencySummary queueWait) {}
