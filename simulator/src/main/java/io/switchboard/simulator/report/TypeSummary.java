package io.switchboard.simulator.report;

/**
 * The end-to-end latency of one message type.
 *
 * @param type the message type, like {@code chat.turn}
 * @param latency its latency over completed measured messages
 */
public record TypeSummary(String type, LatencySummary latency) {}
