package io.switchboard.runtime.cli;

import io.switchboard.runtime.node.NodeSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options that pick a node's configuration and journal; all that {@code schema} takes. */
public final class JournalOptions {
  @Option(
      names = "--profile",
      split = ",",
      paramLabel = "PROFILE",
      description =
          "Profiles, comma separated, applied over 'local': local, cluster, postgres, h2, tls "
              + "(default: local). Example: --profile cluster,postgres")
  List<String> profiles = new ArrayList<>(List.of("local"));

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "HOCON file overriding the profiles (and overridden by the options).")
  Path config;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Directory of the embedded journal (RocksDB; the h2 profile: H2), default ./data.")
  Path dataDir;

  /** Returns the settings these options ask for, every network option left to the profiles. */
  public NodeSettings toSettings() {
    return new NodeSettings(
        profiles,
        Optional.ofNullable(config),
        Optional.empty(),
        Optional.ofNullable(dataDir),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        false);
  }
}
