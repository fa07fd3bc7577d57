package io.switchboard.runtime.node;

import com.typesafe.config.Config;
import io.switchboard.runtime.auth.AuthSettings;
import io.switchboard.runtime.console.ConsoleSettings;
import io.switchboard.runtime.gateway.GatewaySettings;
import io.switchboard.runtime.grpc.GrpcSettings;
import io.switchboard.runtime.http.HttpSettings;
import io.switchboard.runtime.metrics.StatsPollSettings;
import io.switchboard.runtime.tls.TlsSettings;
import io.switchboard.settings.CheckedConfig;
import java.time.Duration;

/**
 * The node's own settings view: the {@code switchboard.*} blocks its start wires, read once and
 * validated when the node starts (the library reads its blocks through {@code SwitchboardSettings};
 * a block one feature owns, such as {@code http.browse} or {@code rate-limits}, is read once by
 * that feature). Pekko's own keys (the management bind address, Artery's TLS) belong to Pekko and
 * are read where they are used.
 *
 * @param systemName {@code switchboard.node.system-name}
 * @param startupTimeout {@code switchboard.node.startup-timeout}
 * @param insecure {@code switchboard.insecure}: start with an exposed port and no authentication
 * @param managementHost the host the management endpoints bind ({@code
 *     pekko.management.http.bind-hostname}, else {@code hostname})
 */
record RuntimeSettings(
    String systemName,
    Duration startupTimeout,
    boolean insecure,
    String managementHost,
    HttpSettings http,
    GrpcSettings grpc,
    TlsSettings tls,
    AuthSettings auth,
    GatewaySettings gateway,
    ConsoleSettings console,
    StatsPollSettings statsPoll,
    RegistryProbe.Settings registryProbe,
    GoneProcessDowning.Settings goneProcessDowning) {

  /** Reads the blocks of a resolved node config; a bad value fails naming its key. */
  static RuntimeSettings of(Config config) {
    CheckedConfig node = CheckedConfig.of(config, "switchboard.node");
    Config switchboard = config.getConfig("switchboard");
    String systemName = config.getString("switchboard.node.system-name");
    if (systemName.isBlank()) {
      throw new IllegalArgumentException("switchboard.node.system-name must not be empty");
    }
    return new RuntimeSettings(
        systemName,
        node.positive("startup-timeout"),
        config.getBoolean("switchboard.insecure"),
        managementHost(config),
        HttpSettings.fromConfig(switchboard.getConfig("http")),
        GrpcSettings.fromConfig(switchboard),
        TlsSettings.fromConfig(switchboard.getConfig("tls")),
        AuthSettings.fromConfig(switchboard.getConfig("auth")),
        GatewaySettings.fromConfig(switchboard.getConfig("gateway")),
        ConsoleSettings.fromConfig(switchboard),
        StatsPollSettings.fromConfig(switchboard),
        RegistryProbe.Settings.fromConfig(node),
        GoneProcessDowning.Settings.fromConfig(node));
  }

  private static String managementHost(Config config) {
    String bind = config.getString("pekko.management.http.bind-hostname");
    return bind.isBlank() ? config.getString("pekko.management.http.hostname") : bind;
  }
}
