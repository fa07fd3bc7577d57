package io.switchboard.simulator.engine;

/** What the fabric needs to know about a message's key, from the stream that made it. */
interface MessageSource {

  /** Returns the message's key string, or null when it has none. */
  String keyName(int message);

  /** Returns a key number unique across streams (for prefix caches), or -1 when unkeyed. */
  int globalKey(int message);

  /** Returns whether any stream's messages carry a priority band or a tenant. */
  default boolean scheduled() {
    return false;
  }

  /** Returns the message's priority band, or null when it has none. */
  default String band(int message) {
    return null;
  }

  /** Returns the message's tenant, or null when it has none. */
  default String tenant(int message) {
    return null;
  }

  /**
   * Returns the message's estimated cost in tokens (prefill + decode, as a request declares it).
   */
  default long cost(int message) {
    return 1;
  }
}
