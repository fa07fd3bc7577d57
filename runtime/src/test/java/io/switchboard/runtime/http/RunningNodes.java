package io.switchboard.runtime.http;

import io.switchboard.testing.ScratchDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives each {@link RunningNodeTest} class its node: a shared one lives in the root store until the
 * whole run ends (one per config), any other in the class's store until the class ends.
 */
final class RunningNodes implements BeforeAllCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(RunningNodes.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    RunningNodeTest test = (RunningNodeTest) context.getRequiredTestInstance();
    String config = test.config();
    // A class's store also answers from the root's: its own node needs a key no shared node has.
    ExtensionContext.Store store =
        (test.sharesNode() ? context.getRoot() : context).getStore(NAMESPACE);
    Object key = test.sharesNode() ? config : context.getRequiredTestClass();
    test.attach(store.getOrComputeIfAbsent(key, k -> Started.start(config), Started.class).node());
  }

  /**
   * A node and its data directory; the store stops the one and deletes the other when it closes.
   */
  private record Started(TestNode node, Path dir) implements AutoCloseable {
    static Started start(String config) {
      try {
        Path dir = Files.createTempDirectory("switchboard-test-node");
        return new Started(TestNode.start(dir, config), dir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() throws IOException {
      node.close();
      ScratchDirectory.delete(dir);
    }
  }
}
