/**
 * Scenarios: {@link io.switchboard.simulator.scenario.ScenarioLoader} reads HOCON (with {@code
 * --set} overrides) into an immutable {@link io.switchboard.simulator.scenario.Scenario}.
 */
package io.switchboard.simulator.scenario;
