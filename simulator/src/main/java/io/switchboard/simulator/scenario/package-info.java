/**
 * Scenarios: {@link io.switchboard.simulator.scenario.ScenarioLoader} reads HOCON (with {@code
 * --set} overrides) into an immutable {@link io.switchboard.simulator.scenario.Scenario}; {@link
 * io.switchboard.simulator.scenario.BundledScenarios} lists the scenarios it ships.
 */
package io.switchboard.simulator.scenario;
