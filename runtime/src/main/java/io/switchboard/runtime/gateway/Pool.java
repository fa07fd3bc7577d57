package io.switchboard.runtime.gateway;

import java.util.List;

/** A running model pool: its settings and the connectors of its backends. */
record Pool(PoolSettings settings, List<Connector> connectors) {

  Pool {
    connectors = List.copyOf(connectors);
  }

  /** Returns whether any backend is in the pool now (else a call gets 503 at once). */
  boolean available() {
    return connectors.stream().anyMatch(Connector::up);
  }
}
