package io.switchboard.runtime.cli;

import io.switchboard.runtime.node.NodeSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options that pick a node's configuration; shared by {@code node} and {@code schema}. */
public final class NodeOptions {
  @Option(names = "--profile", split = ",", paramLabel = "PROFILE",
      description = "Profiles, comma separated, applied over 'local': local, cluster, postgres, tls "
          + "(default: local). Example: --profile cluster,postgres")
  List<String> profiles = new ArrayList<>(List.of("local"));

  @Option(names = "--config", paramLabel = "FILE",
      description = "HOCON file overriding the profiles (and overridden by the options below).")
  Path config;

  @Option(names = "--http-port", paramLabel = "PORT", description = "Port of the HTTP API (default 8080; 0: any free port).")
  Integer httpPort;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Directory of the embedded H2 journal (default ./data).")
  Path dataDir;

  @Option(names = "--seed-nodes", split = ",", paramLabel = "HOST:PORT",
      description = "Artery addresses of the seed nodes, comma separated (cluster profile). "
          + "None: the node forms a cluster alone.")
  List<String> seedNodes = new ArrayList<>();

  @Option(names = "--host", paramLabel = "HOST",
      description = "Address this node binds and advertises: Artery, HTTP API and management (default 127.0.0.1).")
  String host;

  @Option(names = "--port", paramLabel = "PORT",
      description = "Artery (cluster) port (default: any free port for local, 25520 for cluster).")
  Integer port;

  @Option(names = "--management-port", paramLabel = "PORT",
      description = "Port of the management endpoints /health/alive, /health/ready, /cluster/members (default 8558).")
  Integer managementPort;

  /** Returns the settings these options ask for. */
  public NodeSettings toSettings() {
    return new NodeSettings(profiles, Optional.ofNullable(config), Optional.ofNullable(httpPort),
        Optional.ofNullable(dataDir), seedNodes, Optional.ofNullable(host), Optional.ofNullable(port),
        Optional.ofNullable(managementPort));
  }
}
