package io.switchboard.runtime.node;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Refuses a node whose HTTP, gRPC or management port binds a non-loopback address while {@code
 * switchboard.auth} is off, unless {@code switchboard.insecure} (--insecure) says to start anyway.
 */
final class ExposureCheck {
  private ExposureCheck() {}

  /** Throws {@link IllegalArgumentException} (one line) naming the exposed ports. */
  static void requireAuthWhenExposed(RuntimeSettings settings) {
    List<String> exposed = exposedPorts(settings);
    if (!exposed.isEmpty() && !settings.insecure()) {
      throw new IllegalArgumentException(
          String.join(", ", exposed)
              + " without authentication: turn on "
              + "switchboard.auth (docs/security.md), bind 127.0.0.1, or start with --insecure "
              + "(switchboard.insecure) on a network you control");
    }
  }

  /**
   * Returns the ports that bind a non-loopback address while authentication is off, like {@code
   * HTTP on 0.0.0.0}.
   */
  static List<String> exposedPorts(RuntimeSettings settings) {
    if (settings.auth().enabled()) {
      return List.of();
    }
    Map<String, String> interfaces = new LinkedHashMap<>();
    interfaces.put("HTTP", settings.http().iface());
    interfaces.put("gRPC", settings.grpc().iface());
    interfaces.put("management", settings.managementHost());
    return interfaces.entrySet().stream()
        .filter(listener -> !loopback(listener.getValue()))
        .map(listener -> listener.getKey() + " on " + listener.getValue())
        .toList();
  }

  private static boolean loopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
