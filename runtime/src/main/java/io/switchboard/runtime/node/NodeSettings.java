package io.switchboard.runtime.node;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What the command line asks of a node; empty values leave the profile's setting alone.
 *
 * @param profiles profiles applied in order over {@code local}: {@code local}, {@code cluster},
 *     {@code postgres}, {@code tls}
 * @param seedNodes {@code host:port} of the Artery seed nodes
 * @param insecure start even when a port binds a non-loopback address without authentication
 */
public record NodeSettings(
    List<String> profiles,
    Optional<Path> configFile,
    Optional<Integer> httpPort,
    Optional<Path> dataDir,
    List<String> seedNodes,
    Optional<String> host,
    Optional<Integer> port,
    Optional<Integer> managementPort,
    Optional<Integer> grpcPort,
    boolean insecure) {

  public static final Set<String> PROFILES = Set.of("local", "cluster", "postgres", "h2", "tls");

  public NodeSettings {
    profiles =
        profiles.stream()
            .map(p -> p.trim().toLowerCase(Locale.ROOT))
            .filter(p -> !p.isEmpty())
            .toList();
    for (String profile : profiles) {
      if (!PROFILES.contains(profile)) {
        throw new IllegalArgumentException(
            "unknown profile '"
                + profile
                + "', expected some of "
                + PROFILES.stream().sorted().toList());
      }
    }
    seedNodes = seedNodes.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    for (String seed : seedNodes) {
      if (!seed.matches("[^:/@]+:\\d{1,5}") && !seed.startsWith("pekko://")) {
        throw new IllegalArgumentException(
            "seed node '" + seed + "' must be host:port or pekko://system@host:port");
      }
    }
    dataDir = dataDir.map(dir -> dir.toAbsolutePath().normalize());
  }

  /**
   * Returns settings that keep the safe default: no start on an exposed port without
   * authentication.
   */
  public NodeSettings(
      List<String> profiles,
      Optional<Path> configFile,
      Optional<Integer> httpPort,
      Optional<Path> dataDir,
      List<String> seedNodes,
      Optional<String> host,
      Optional<Integer> port,
      Optional<Integer> managementPort,
      Optional<Integer> grpcPort) {
    this(
        profiles,
        configFile,
        httpPort,
        dataDir,
        seedNodes,
        host,
        port,
        managementPort,
        grpcPort,
        false);
  }

  /** Returns settings that keep the gRPC port of the profiles. */
  public NodeSettings(
      List<String> profiles,
      Optional<Path> configFile,
      Optional<Integer> httpPort,
      Optional<Path> dataDir,
      List<String> seedNodes,
      Optional<String> host,
      Optional<Integer> port,
      Optional<Integer> managementPort) {
    this(
        profiles,
        configFile,
        httpPort,
        dataDir,
        seedNodes,
        host,
        port,
        managementPort,
        Optional.empty(),
        false);
  }

  /** Returns settings that keep every profile default (the local profile). */
  public static NodeSettings defaults() {
    return new NodeSettings(
        List.of("local"),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  public NodeSettings withHttpPort(int value) {
    return new NodeSettings(
        profiles,
        configFile,
        Optional.of(value),
        dataDir,
        seedNodes,
        host,
        port,
        managementPort,
        grpcPort,
        insecure);
  }

  public NodeSettings withDataDir(Path value) {
    return new NodeSettings(
        profiles,
        configFile,
        httpPort,
        Optional.of(value),
        seedNodes,
        host,
        port,
        managementPort,
        grpcPort,
        insecure);
  }

  public NodeSettings withGrpcPort(int value) {
    return new NodeSettings(
        profiles,
        configFile,
        httpPort,
        dataDir,
        seedNodes,
        host,
        port,
        managementPort,
        Optional.of(value),
        insecure);
  }

  public NodeSettings withManagementPort(int value) {
    return new NodeSettings(
        profiles,
        configFile,
        httpPort,
        dataDir,
        seedNodes,
        host,
        port,
        Optional.of(value),
        grpcPort,
        insecure);
  }

  public NodeSettings withInsecure(boolean value) {
    return new NodeSettings(
        profiles,
        configFile,
        httpPort,
        dataDir,
        seedNodes,
        host,
        port,
        managementPort,
        grpcPort,
        value);
  }
}
