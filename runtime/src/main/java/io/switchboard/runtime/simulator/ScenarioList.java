package io.switchboard.runtime.simulator;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.switchboard.simulator.scenario.BundledScenarios;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code GET /v1/simulator/scenarios}: every bundled scenario with its text and its
 * keys (what the console lets a user change), and the node's limits.
 *
 * @param scenarios the bundled scenarios
 * @param limits what one request may ask of this node
 */
public record ScenarioList(List<Entry> scenarios, Limits limits) {

  /** One scenario: its name, description, HOCON text and every key with its value. */
  public record Entry(String name, String description, String text, List<Key> keys) {}

  /**
   * One key of a scenario.
   *
   * @param key its path, as {@code set} takes it ({@code workers.h100.count})
   * @param value a string as is; anything else as JSON
   * @param type {@code STRING}, {@code NUMBER}, {@code BOOLEAN}, {@code LIST} or {@code OBJECT}
   */
  public record Key(String key, String value, String type) {}

  /** The limits of {@link SimulatorSettings} a client needs to know before asking. */
  public record Limits(
      boolean enabled,
      long maxRunTimeMs,
      int maxScenarioBytes,
      int maxSweepPoints,
      long maxMessages) {}

  static ScenarioList of(SimulatorSettings settings) {
    List<Entry> entries =
        BundledScenarios.all().stream()
            .map(
                b ->
                    new Entry(
                        b.name(),
                        b.description(),
                        b.text(),
                        keys(ConfigFactory.parseString(b.text()))))
            .toList();
    return new ScenarioList(
        entries,
        new Limits(
            settings.enabled(),
            settings.maxRunTime().toMillis(),
            settings.maxScenarioBytes(),
            settings.maxSweepPoints(),
            settings.maxMessages()));
  }

  private static List<Key> keys(Config config) {
    return config.entrySet().stream()
        .filter(e -> !e.getKey().equals("description"))
        .sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
        .map(e -> key(e.getKey(), e.getValue()))
        .toList();
  }

  private static Key key(String path, ConfigValue value) {
    String text =
        value.valueType() == ConfigValueType.STRING
            ? (String) value.unwrapped()
            : value.render(ConfigRenderOptions.concise());
    return new Key(path, text, value.valueType().name());
  }
}
