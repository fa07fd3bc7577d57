package io.switchboard.simulator.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a {@link RequestPathScenario} from a HOCON file, or a bundled one by name ({@code
 * request-burst}), with {@code key=value} overrides; every error names the key.
 */
public final class RequestPathLoader {
  private static final String BUNDLED = "request-scenarios/";
  private static final long MS = 1_000_000L;

  private RequestPathLoader() {}

  /** Returns the scenario at {@code source} with {@code overrides}. */
  public static RequestPathScenario load(String source, List<String> overrides) {
    return parse(ScenarioLoader.withOverrides(read(source), overrides));
  }

  /** Returns the scenario in {@code text} with {@code overrides} (tests, no includes). */
  public static RequestPathScenario fromText(String text, List<String> overrides) {
    return parse(ScenarioLoader.withOverrides(ConfigFactory.parseString(text), overrides));
  }

  private static Config read(String source) {
    Path file = Path.of(source);
    try {
      if (Files.isRegularFile(file)) {
        return ConfigFactory.parseFile(
            file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
      }
      String resource = BUNDLED + (source.endsWith(".conf") ? source : source + ".conf");
      try (InputStream in =
          RequestPathLoader.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new ScenarioException(
              "request scenario not found: "
                  + source
                  + " (neither a file nor a bundled one: request-burst)");
        }
        return ConfigFactory.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (ConfigException e) {
      throw new ScenarioException("cannot parse " + source + ": " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static RequestPathScenario parse(Config config) {
    try {
      ScenarioSection root = ScenarioSection.root(config.resolve());
      root.allowOnly("description", "seed", "load", "workers", "node");
      return new RequestPathScenario(
          root.longInteger("seed", 1),
          load(root.child("load")),
          workers(root.child("workers")),
          node(root.child("node")));
    } catch (ConfigException e) {
      throw new ScenarioException(e.getMessage());
    }
  }

  private static RequestPathScenario.Load load(ScenarioSection s) {
    s.allowOnly("requests", "rounds", "warmup-rounds", "arrival", "rate");
    String arrival = s.choice("arrival", "at-once", "at-once", "poisson");
    double rate = arrival.equals("poisson") ? s.requiredNumber("rate", 1e-6, 1e9) : 0;
    return new RequestPathScenario.Load(
        s.integer("requests", 100, 1, 10_000_000),
        s.integer("rounds", 3, 1, 1_000),
        s.integer("warmup-rounds", 0, 0, 1_000),
        rate);
  }

  private static RequestPathScenario.Workers workers(ScenarioSection s) {
    s.allowOnly("slots", "chunks", "pace", "pace-jitter");
    return new RequestPathScenario.Workers(
        s.integer("slots", 1_000_000, 1, 10_000_000),
        s.integer("chunks", 20, 0, 1_000_000),
        s.nanos("pace", 20 * MS, 0),
        s.nanos("pace-jitter", 0, 0));
  }

  private static RequestPathScenario.NodeCosts node(ScenarioSection s) {
    s.allowOnly(
        "nodes",
        "cores",
        "cost",
        "start-cpu",
        "chunk-cpu",
        "chunk-read-cpu",
        "end-cpu",
        "starts-at-once",
        "start-writes",
        "end-writes",
        "commit",
        "hop");
    int nodes = s.integer("nodes", 1, 1, 2);
    return new RequestPathScenario.NodeCosts(
        nodes,
        s.number("cores", 2, 0.01, 1024),
        s.choice("cost", "fixed", "fixed", "exponential").equals("exponential"),
        s.requiredNanos("start-cpu", 0),
        s.requiredNanos("chunk-cpu", 0),
        s.nanos("chunk-read-cpu", 0, 0),
        s.nanos("end-cpu", 0, 0),
        s.integer("starts-at-once", 1_000_000, 1, 10_000_000),
        s.integer("start-writes", 0, 0, 100),
        s.integer("end-writes", 0, 0, 100),
        s.nanos("commit", 0, 0),
        nodes == 2 ? s.nanos("hop", 0, 0) : 0);
  }
}
