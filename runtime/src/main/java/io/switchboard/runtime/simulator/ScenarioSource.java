package io.switchboard.runtime.simulator;

import io.switchboard.simulator.scenario.BundledScenarios;
import io.switchboard.simulator.scenario.Scenario;
import io.switchboard.simulator.scenario.ScenarioException;
import io.switchboard.simulator.scenario.ScenarioLoader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Where a request's scenario comes from: a bundled one by {@code name}, or {@code text} the client
 * sent (an upload or an edit), read without touching the node's disk or environment.
 */
record ScenarioSource(String name, String text) {

  /** Checks that exactly one of name and text is given and that the text fits {@code maxBytes}. */
  static ScenarioSource of(String name, String text, int maxBytes) {
    if ((name == null) == (text == null)) {
      throw SimulatorRefusal.invalid(
          "give either \"scenario\" (a bundled scenario's name, one of "
              + BundledScenarios.names()
              + ") or \"text\" (a scenario in HOCON), not both or neither");
    }
    if (text != null && text.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
      throw SimulatorRefusal.invalid(
          "the scenario text is "
              + text.getBytes(StandardCharsets.UTF_8).length
              + " bytes, more than "
              + maxBytes
              + " (switchboard.console.simulator.max-scenario-bytes)");
    }
    if (name != null && BundledScenarios.find(name).isEmpty()) {
      throw SimulatorRefusal.unknown(name, BundledScenarios.names());
    }
    return new ScenarioSource(name, text);
  }

  /** Returns the label of answers: the bundled name, or {@code text}. */
  String label() {
    return name != null ? name : "text";
  }

  /** Returns the scenario with {@code set} applied; an invalid one is refused naming the key. */
  Scenario load(List<String> set) {
    try {
      return name != null ? BundledScenarios.load(name, set) : ScenarioLoader.fromText(text, set);
    } catch (ScenarioException e) {
      throw SimulatorRefusal.invalid(e.getMessage());
    }
  }
}
