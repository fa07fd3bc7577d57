package io.switchboard.simulator.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The scenarios the simulator ships in {@code scenarios/*.conf}, by name, with their text: what a
 * server offers to run and to edit. A jar cannot list a folder, so the names are written here; a
 * test checks them against the folder.
 */
public final class BundledScenarios {
  private static final List<String> NAMES =
      List.of("mm1", "heterogeneous", "chat-llm", "tenant-flood");

  /**
   * One bundled scenario: its name ({@code simulate NAME}), its description key and its HOCON text.
   */
  public record Bundled(String name, String description, String text) {}

  private BundledScenarios() {}

  /** Returns every bundled scenario in a stable order. */
  public static List<Bundled> all() {
    return NAMES.stream().map(BundledScenarios::read).toList();
  }

  /** Returns the scenario called {@code name}, or empty when none is. */
  public static Optional<Bundled> find(String name) {
    return NAMES.contains(name) ? Optional.of(read(name)) : Optional.empty();
  }

  /** Returns the names of every bundled scenario. */
  public static List<String> names() {
    return NAMES;
  }

  /**
   * Returns the bundled scenario {@code name} with {@code overrides}, read as {@link
   * ScenarioLoader#fromText} reads.
   */
  public static Scenario load(String name, List<String> overrides) {
    Bundled bundled =
        find(name)
            .orElseThrow(
                () ->
                    new ScenarioException(
                        "no bundled scenario '" + name + "', expected one of " + NAMES));
    return ScenarioLoader.fromText(bundled.text(), overrides);
  }

  private static Bundled read(String name) {
    String resource = "scenarios/" + name + ".conf";
    try (InputStream in = BundledScenarios.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "bundled scenario missing from the class path: " + resource);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      Config config = ConfigFactory.parseString(text);
      String description = config.hasPath("description") ? config.getString("description") : name;
      return new Bundled(name, description, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
