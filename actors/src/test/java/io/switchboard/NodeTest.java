package io.switchboard;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of test classes that share one real single-node Switchboard (its RocksDB journal in a temp
 * dir).
 */
abstract class NodeTest {
  @TempDir static Path dataDir;
  static TestNode node;
  static Switchboard sb;

  @BeforeAll
  static void startNode() {
    node = new TestNode(dataDir);
    sb = node.switchboard();
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }
}
