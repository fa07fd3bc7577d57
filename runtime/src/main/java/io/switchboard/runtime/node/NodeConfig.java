package io.switchboard.runtime.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValueFactory;
import io.switchboard.atrest.AtRestSettings;
import io.switchboard.atrest.PayloadSealer;
import io.switchboard.runtime.auth.Authenticator;
import io.switchboard.runtime.quota.RateLimitSettings;
import java.time.Instant;
import java.util.List;

/**
 * Assembles a node's configuration. From strongest to weakest: system properties, command-line
 * options, the {@code --config} file, the profiles (later ones win, {@code local} always first),
 * the node's own Pekko settings, then every library's {@code reference.conf}. Everything is
 * resolved together, so {@code --data-dir} reaches the journal URL.
 */
public final class NodeConfig {
  static final String PROFILE_RESOURCE = "switchboard/profiles/%s.conf";
  static final String NODE_RESOURCE = "io/switchboard/runtime/node.conf";
  static final String LIBRARY_PEKKO_RESOURCE = "io/switchboard/pekko-defaults.conf";

  private NodeConfig() {}

  /**
   * Returns the resolved configuration of a node started with {@code settings}; throws {@link
   * IllegalArgumentException} (a one-line message) when the settings cannot make a safe node.
   */
  public static Config load(NodeSettings settings) {
    Config config = assemble(settings);
    TlsSettingsCheck.requireStores(config);
    TlsSettingsCheck.requireListenerTls(config);
    // every block the node reads, validated here so that a bad value stops the start with one line
    RuntimeSettings runtime = RuntimeSettings.of(config);
    ExposureCheck.requireAuthWhenExposed(runtime);
    // reads the tokens and key files once: a node that could not check callers does not start
    Authenticator.of(runtime.auth(), Instant.now());
    RateLimitSettings.fromConfig(config.getConfig("switchboard.rate-limits"));
    // reads the at-rest key file once: a node that could not open its journal's payloads does not
    // start
    PayloadSealer.of(AtRestSettings.fromConfig(config.getConfig("switchboard.at-rest")));
    FencingCheck.requireClusterMembership(config, settings.profiles());
    FencingCheck.requireLeaseSettings(config);
    return config;
  }

  /**
   * Returns the configuration as {@link #load} does, without the checks that concern cluster
   * membership (seed nodes): for commands that only open the journal.
   */
  public static Config loadJournal(NodeSettings settings) {
    Config config = assemble(settings);
    TlsSettingsCheck.requireStores(config);
    FencingCheck.requireLeaseSettings(config);
    return config;
  }

  private static Config assemble(NodeSettings settings) {
    Config withoutSeeds = layered(settings, ConfigFactory.empty());
    String system = withoutSeeds.getString("switchboard.node.system-name");
    Config seeds =
        settings.seedNodes().isEmpty()
            ? ConfigFactory.empty()
            : ConfigFactory.empty()
                .withValue(
                    "pekko.cluster.seed-nodes",
                    ConfigValueFactory.fromIterable(seedAddresses(system, settings.seedNodes())));
    return layered(settings, seeds);
  }

  /** Returns {@code pekko://system@host:port} for each {@code host:port}. */
  static List<String> seedAddresses(String system, List<String> seeds) {
    return seeds.stream()
        .map(seed -> seed.startsWith("pekko://") ? seed : "pekko://" + system + "@" + seed)
        .toList();
  }

  private static Config layered(NodeSettings settings, Config seeds) {
    Config config =
        ConfigFactory.defaultOverrides()
            .withFallback(seeds)
            .withFallback(commandLine(settings))
            .withFallback(file(settings))
            .withFallback(profiles(settings.profiles()))
            .withFallback(ConfigFactory.parseResources(NODE_RESOURCE, required()))
            // In the fat jar all reference.conf files are one, where Pekko's own defaults come
            // after Switchboard's and would win: the library's Pekko settings go above them.
            .withFallback(ConfigFactory.parseResources(LIBRARY_PEKKO_RESOURCE, required()))
            .withFallback(ConfigFactory.defaultReferenceUnresolved());
    return config.resolve();
  }

  private static Config commandLine(NodeSettings settings) {
    Config config = ConfigFactory.empty();
    if (settings.httpPort().isPresent()) {
      config = config.withValue("switchboard.http.port", value(settings.httpPort().get()));
    }
    if (settings.grpcPort().isPresent()) {
      config = config.withValue("switchboard.grpc.port", value(settings.grpcPort().get()));
    }
    if (settings.dataDir().isPresent()) {
      config = config.withValue("switchboard.data-dir", value(settings.dataDir().get().toString()));
    }
    if (settings.host().isPresent()) {
      String host = settings.host().get();
      config =
          config
              .withValue("pekko.remote.artery.canonical.hostname", value(host))
              .withValue("switchboard.http.interface", value(host));
    }
    if (settings.insecure()) {
      config = config.withValue("switchboard.insecure", value(true));
    }
    if (settings.port().isPresent()) {
      config = config.withValue("pekko.remote.artery.canonical.port", value(settings.port().get()));
    }
    if (settings.managementPort().isPresent()) {
      config =
          config.withValue("pekko.management.http.port", value(settings.managementPort().get()));
    }
    return config;
  }

  private static Config file(NodeSettings settings) {
    return settings
        .configFile()
        .map(path -> ConfigFactory.parseFile(path.toFile(), required()))
        .orElse(ConfigFactory.empty());
  }

  private static Config profiles(List<String> names) {
    Config config = profile("local");
    for (String name : names) {
      if (!name.equals("local")) {
        config = profile(name).withFallback(config);
      }
    }
    return config;
  }

  private static Config profile(String name) {
    return ConfigFactory.parseResources(String.format(PROFILE_RESOURCE, name), required());
  }

  private static ConfigParseOptions required() {
    return ConfigParseOptions.defaults().setAllowMissing(false);
  }

  private static com.typesafe.config.ConfigValue value(Object value) {
    return ConfigValueFactory.fromAnyRef(value, "command line");
  }
}
