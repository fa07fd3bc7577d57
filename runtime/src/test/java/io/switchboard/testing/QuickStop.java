package io.switchboard.testing;

/**
 * Config for an in-JVM test node that stops in about a second instead of three: no 503 STOPPING
 * grace before the unbind (switchboard.http.unbind-delay) and none after it (unbind-drain), the two
 * waits a test that just closes its node has no use for. The node's helpers put it first, so a
 * test's own settings win: the shutdown tests (HttpServerShutdownTest, ShutdownIT) set or keep
 * their own.
 */
public final class QuickStop {
  /** HOCON lines, to go before the test's own. */
  public static final String CONFIG =
      "switchboard.http.unbind-delay = 0s\nswitchboard.http.unbind-drain = 0s\n";

  private QuickStop() {}
}
