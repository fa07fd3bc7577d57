package io.switchboard.runtime.http;

import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the API test classes that run against a real node: {@link RunningNodes} starts it
 * before the class's own {@code @BeforeAll} methods. Classes that keep the default config share
 * one node for the whole run; a class that overrides {@link #config()} gets a node of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(RunningNodes.class)
abstract class RunningNodeTest {
  /** Small request limits, so that tests can pass them cheaply: the default, shared config. */
  static final String SMALL_LIMITS = String.join("\n",
      "switchboard.http.max-body-bytes = 64 KiB",
      "switchboard.http.max-batch = 50",
      "switchboard.limits.max-payload-bytes = 16 KiB");

  TestNode node;
  ApiClient api;

  /** Returns the HOCON the node starts with. */
  String config() {
    return SMALL_LIMITS;
  }

  /** Says whether the node may serve other classes with the same config (they run one after another). */
  boolean sharesNode() {
    return config().equals(SMALL_LIMITS);
  }

  int port() {
    return node.node().httpAddress().getPort();
  }

  final void attach(TestNode running) {
    node = running;
    api = running.client();
  }
}
