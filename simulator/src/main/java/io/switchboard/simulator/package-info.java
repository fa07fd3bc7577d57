/**
 * The discrete-event capacity simulator: {@link io.switchboard.simulator.cli.SimulateCommand} is
 * the entry point, {@link io.switchboard.simulator.engine.Simulation} runs one scenario.
 */
package io.switchboard.simulator;
