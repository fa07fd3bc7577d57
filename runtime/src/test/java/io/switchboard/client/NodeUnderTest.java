package io.switchboard.client;

import com.typesafe.config.ConfigFactory;
import io.switchboard.runtime.node.NodeConfig;
import io.switchboard.runtime.node.NodeSettings;
import io.switchboard.runtime.node.SwitchboardNode;
import io.switchboard.testing.QuickStop;
import io.switchboard.testing.ScratchDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A real node in this JVM for the client's tests (local profile, journal in {@code dir}, {@link
 * QuickStop}), and a client system.
 */
final class NodeUnderTest implements AutoCloseable {
  private final SwitchboardNode node;
  private final Optional<Path> scratch;

  private NodeUnderTest(SwitchboardNode node, Optional<Path> scratch) {
    this.node = node;
    this.scratch = scratch;
  }

  /**
   * Starts a node on free ports except gRPC ({@code grpcPort}, 0 for a free one) and waits until it
   * is ready.
   */
  static NodeUnderTest start(Path dir, int grpcPort) {
    return new NodeUnderTest(startNode(dir, grpcPort), Optional.empty());
  }

  /** Starts a node on free ports in a directory of its own, deleted when it closes. */
  static NodeUnderTest startInScratchDirectory() {
    Path dir = ScratchDirectory.create("switchboard-client-test");
    return new NodeUnderTest(startNode(dir, 0), Optional.of(dir));
  }

  private static SwitchboardNode startNode(Path dir, int grpcPort) {
    Path config;
    try {
      config = Files.writeString(dir.resolve("test.conf"), QuickStop.CONFIG);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    NodeSettings settings =
        new NodeSettings(
            List.of("local"),
            Optional.of(config),
            Optional.of(0),
            Optional.of(dir.resolve("data")),
            List.of(),
            Optional.empty(),
            Optional.of(0),
            Optional.of(0),
            Optional.of(grpcPort));
    SwitchboardNode node =
        SwitchboardNode.start(NodeConfig.load(settings))
            .toCompletableFuture()
            .orTimeout(90, TimeUnit.SECONDS)
            .join();
    node.ready().toCompletableFuture().orTimeout(90, TimeUnit.SECONDS).join();
    return node;
  }

  SwitchboardNode node() {
    return node;
  }

  int grpcPort() {
    return node.grpcAddress().getPort();
  }

  /**
   * Returns the sum of a counter of the node's Prometheus metrics for a topic, 0 when it was never
   * counted.
   */
  double counter(String name, String topic) throws Exception {
    String text =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + node.httpAddress().getPort() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    return text.lines()
        .filter(line -> line.startsWith(name + "{") && line.contains("topic=\"" + topic + "\""))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  /** Returns the settings of a client of this node: the reference defaults with its address. */
  ClientSettings clientSettings() {
    return ClientSettings.fromConfig(ConfigFactory.load().getConfig("switchboard.client"))
        .withTarget("127.0.0.1", grpcPort());
  }

  /**
   * Returns an actor system for clients: another process's, in effect (local provider, no
   * Switchboard).
   */
  static ActorSystem<Void> clientSystem() {
    return ActorSystem.create(
        Behaviors.empty(),
        "client",
        ConfigFactory.parseString("pekko.actor.provider = local\npekko.remote.artery.enabled = off")
            .withFallback(ConfigFactory.load()));
  }

  @Override
  public void close() throws IOException {
    node.stop().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
    node.system().getWhenTerminated().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
    if (scratch.isPresent()) {
      ScratchDirectory.delete(scratch.get());
    }
  }
}
