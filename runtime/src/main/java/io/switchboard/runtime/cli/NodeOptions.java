package io.switchboard.runtime.cli;

import io.switchboard.runtime.node.NodeSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of {@code node}: the journal's ({@link JournalOptions}) and the network's. */
public final class NodeOptions {
  @Mixin JournalOptions journal = new JournalOptions();

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      description = "Port of the HTTP API (default 8080; 0: any free port).")
  Integer httpPort;

  @Option(
      names = "--grpc-port",
      paramLabel = "PORT",
      description = "Port of the gRPC service switchboard.v1 (default 7070; 0: any free port).")
  Integer grpcPort;

  @Option(
      names = "--seed-nodes",
      split = ",",
      paramLabel = "HOST:PORT",
      description =
          "Artery addresses of the seed nodes, comma separated (cluster profile). "
              + "None: the node forms a cluster alone.")
  List<String> seedNodes = new ArrayList<>();

  @Option(
      names = "--host",
      paramLabel = "HOST",
      description =
          "Address this node binds and advertises: Artery, HTTP API and gRPC API (default 127.0.0.1). "
              + "Management stays on pekko.management.http.hostname (127.0.0.1). A non-loopback address needs "
              + "switchboard.auth (or --insecure).")
  String host;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "Artery (cluster) port (default: any free port for local, 25520 for cluster).")
  Integer port;

  @Option(
      names = "--management-port",
      paramLabel = "PORT",
      description =
          "Port of the management endpoints /health/alive, /health/ready, /cluster/members (default 8558).")
  Integer managementPort;

  @Option(
      names = "--insecure",
      description =
          "Start even though a port binds a non-loopback address without "
              + "authentication (switchboard.auth); a warning is logged at every start. Only on a network you control.")
  boolean insecure;

  /** Returns the settings these options ask for. */
  public NodeSettings toSettings() {
    NodeSettings base = journal.toSettings();
    return new NodeSettings(
        base.profiles(),
        base.configFile(),
        Optional.ofNullable(httpPort),
        base.dataDir(),
        seedNodes,
        Optional.ofNullable(host),
        Optional.ofNullable(port),
        Optional.ofNullable(managementPort),
        Optional.ofNullable(grpcPort),
        insecure);
  }
}
