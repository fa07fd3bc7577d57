package io.switchboard.simulator.engine;

/** What the fabric needs to know about a message's key, from the stream that made it. */
interface MessageSource {

  /** Returns the message's key string, or null when it has none. */
  String keyName(int message);

  /** Returns a key number unique across streams (for prefix caches), or -1 when unkeyed. */
  int globalKey(int message);
}
