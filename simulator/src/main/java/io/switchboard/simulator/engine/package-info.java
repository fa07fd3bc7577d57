/**
 * The discrete-event engine: {@link io.switchboard.simulator.engine.Simulation} runs a scenario on
 * a virtual clock, through the real balancing strategies and key partitioner of the actors module.
 */
package io.switchboard.simulator.engine;
