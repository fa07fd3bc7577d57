package io.switchboard.simulator.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads a scenario from a HOCON file (or a bundled one by name, like {@code chat-llm}) with {@code
 * key=value} overrides applied on top. {@link #fromText} reads one sent to a server: nothing in it
 * may read the server's disk or environment.
 */
public final class ScenarioLoader {
  private static final String BUNDLED = "scenarios/";

  private ScenarioLoader() {}

  /** Returns the scenario at {@code source} with {@code overrides}; fails naming the bad key. */
  public static Scenario load(String source, List<String> overrides) {
    Path file = Path.of(source);
    Config base;
    Path directory;
    if (Files.isRegularFile(file)) {
      base =
          parse(
              () ->
                  ConfigFactory.parseFile(
                      file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false)),
              source);
      directory = file.toAbsolutePath().getParent();
    } else {
      String resource = BUNDLED + (source.endsWith(".conf") ? source : source + ".conf");
      if (ScenarioLoader.class.getClassLoader().getResource(resource) == null) {
        throw new ScenarioException(
            "scenario file not found: " + source + " (neither a file nor a bundled scenario)");
      }
      base =
          parse(
              () ->
                  ConfigFactory.parseResources(
                      ScenarioLoader.class.getClassLoader(),
                      resource,
                      ConfigParseOptions.defaults().setAllowMissing(false)),
              resource);
      directory = Path.of("").toAbsolutePath();
    }
    return fromConfig(withOverrides(base, overrides), directory);
  }

  /**
   * Returns the scenario written in {@code text} with {@code overrides}, read as a server must read
   * text from a client: includes, substitutions from the environment or system properties and trace
   * files are refused with an error naming what was refused.
   */
  public static Scenario fromText(String text, List<String> overrides) {
    ConfigParseOptions options =
        ConfigParseOptions.defaults()
            .setOriginDescription("scenario")
            .setIncluder(new RefusingIncluder());
    Config base = parse(() -> ConfigFactory.parseString(text, options), "the scenario");
    Config config = withOverrides(base, overrides, options.setOriginDescription("--set"));
    try {
      // a substitution may name the scenario's own keys; noSystem keeps env and -D out
      return new ScenarioParser(null).parse(config.resolve(ConfigResolveOptions.noSystem()));
    } catch (ConfigException.UnresolvedSubstitution e) {
      throw new ScenarioException(
          "refused a substitution: "
              + e.getMessage()
              + " (a scenario"
              + " sent to the node may refer to its own keys only, not to the node's environment)");
    } catch (ConfigException e) {
      throw new ScenarioException(e.getMessage());
    }
  }

  /** Returns the scenario in {@code config}; relative trace files resolve against directory. */
  public static Scenario fromConfig(Config config, Path directory) {
    try {
      return new ScenarioParser(directory).parse(config.resolve());
    } catch (ConfigException e) {
      throw new ScenarioException(e.getMessage());
    }
  }

  /** Returns {@code base} with each {@code key=value} of {@code overrides} taking precedence. */
  public static Config withOverrides(Config base, List<String> overrides) {
    return withOverrides(
        base, overrides, ConfigParseOptions.defaults().setOriginDescription("--set"));
  }

  private static Config withOverrides(
      Config base, List<String> overrides, ConfigParseOptions options) {
    Config result = base;
    for (String override : overrides) {
      int equals = override.indexOf('=');
      if (equals <= 0) {
        throw new ScenarioException(
            "--set " + override + ": expected key=value, like" + " workers.h100.count=6");
      }
      Config one = parse(() -> ConfigFactory.parseString(override, options), "--set " + override);
      result = one.withFallback(result);
    }
    return result;
  }

  private static Config parse(Supplier<Config> reader, String what) {
    try {
      return reader.get();
    } catch (ConfigException e) {
      throw new ScenarioException("cannot parse " + what + ": " + e.getMessage());
    }
  }
}
