/**
 * The {@code simulate} command: {@link io.switchboard.simulator.cli.SimulateCommand} runs one
 * scenario, a sweep, a minimum search, a strategy comparison or the validation table.
 */
package io.switchboard.simulator.cli;
