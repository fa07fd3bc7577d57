package io.switchboard.runtime.http;

import io.switchboard.runtime.node.NodeConfig;
import io.switchboard.runtime.node.NodeSettings;
import io.switchboard.runtime.node.SwitchboardNode;
import io.switchboard.testing.QuickStop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real single node for tests: local profile, its journal in a temporary directory, free ports.
 */
final class TestNode implements AutoCloseable {
  private final SwitchboardNode node;

  private TestNode(SwitchboardNode node) {
    this.node = node;
  }

  /**
   * Starts a node with {@code hocon} as its --config file (after {@link QuickStop}) and waits until
   * it is ready.
   */
  static TestNode start(Path dir, String hocon) throws IOException {
    Path config = Files.writeString(dir.resolve("test.conf"), QuickStop.CONFIG + hocon);
    NodeSettings settings =
        new NodeSettings(
            List.of("local"),
            Optional.of(config),
            Optional.of(0),
            Optional.of(dir.resolve("data")),
            List.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(0),
            Optional.of(0));
    SwitchboardNode node =
        SwitchboardNode.start(NodeConfig.load(settings))
            .toCompletableFuture()
            .orTimeout(90, TimeUnit.SECONDS)
            .join();
    node.ready().toCompletableFuture().orTimeout(90, TimeUnit.SECONDS).join();
    return new TestNode(node);
  }

  SwitchboardNode node() {
    return node;
  }

  ApiClient client() {
    return new ApiClient("127.0.0.1", node.httpAddress().getPort());
  }

  @Override
  public void close() {
    node.stop()
        .toCompletableFuture()
        .orTimeout(Duration.ofSeconds(60).toSeconds(), TimeUnit.SECONDS)
        .join();
  }
}
