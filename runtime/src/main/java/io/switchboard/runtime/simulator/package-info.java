/**
 * The simulator on the node, for the console: {@link
 * io.switchboard.runtime.simulator.SimulatorRoutes} answers {@code /v1/simulator/...} and {@link
 * io.switchboard.runtime.simulator.SimulatorRuns} runs the same engine as {@code switchboard
 * simulate}, off the HTTP dispatcher and bounded in time and number.
 */
package io.switchboard.runtime.simulator;
