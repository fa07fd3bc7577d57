package io.switchboard.client;

import com.typesafe.config.ConfigFactory;
import io.switchboard.runtime.node.NodeConfig;
import io.switchboard.runtime.node.NodeSettings;
import io.switchboard.runtime.node.SwitchboardNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** A real node in this JVM for the client's tests (local profile, journal in {@code dir}), and a client system. */
final class NodeUnderTest implements AutoCloseable {
  private final SwitchboardNode node;

  private NodeUnderTest(SwitchboardNode node) {
    this.node = node;
  }

  /** Starts a node on free ports except gRPC ({@code grpcPort}, 0 for a free one) and waits until it is ready. */
  static NodeUnderTest start(Path dir, int grpcPort) {
    NodeSettings settings = new NodeSettings(List.of("local"), Optional.empty(), Optional.of(0),
        Optional.of(dir.resolve("data")), List.of(), Optional.empty(), Optional.of(0), Optional.of(0),
        Optional.of(grpcPort));
    SwitchboardNode node = SwitchboardNode.start(NodeConfig.load(settings))
        .toCompletableFuture().orTimeout(90, TimeUnit.SECONDS).join();
    node.ready().toCompletableFuture().orTimeout(90, TimeUnit.SECONDS).join();
    return new NodeUnderTest(node);
  }

  SwitchboardNode node() {
    return node;
  }

  int grpcPort() {
    return node.grpcAddress().getPort();
  }

  /** Returns the settings of a client of this node: the reference defaults with its address. */
  ClientSettings clientSettings() {
    return ClientSettings.fromConfig(ConfigFactory.load().getConfig("switchboard.client"))
        .withTarget("127.0.0.1", grpcPort());
  }

  /** Returns an actor system for clients: another process's, in effect (local provider, no Switchboard). */
  static ActorSystem<Void> clientSystem() {
    return ActorSystem.create(Behaviors.empty(), "client",
        ConfigFactory.parseString("pekko.actor.provider = local\npekko.remote.artery.enabled = off")
            .withFallback(ConfigFactory.load()));
  }

  @Override
  public void close() {
    node.stop().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
    node.system().getWhenTerminated().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
  }
}
