package io.switchboard.runtime.gateway;

import io.switchboard.message.CborSerializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pools defined at run time, by model name, each as the JSON object it was defined with;
 * immutable. {@code version} grows with each change, so replicas keep the newest.
 */
public record PoolDefinitions(long version, Map<String, String> pools) implements CborSerializable {

  static final PoolDefinitions EMPTY = new PoolDefinitions(0, Map.of());

  public PoolDefinitions {
    pools = Map.copyOf(pools);
  }

  PoolDefinitions with(String model, String definition) {
    Map<String, String> next = new TreeMap<>(pools);
    next.put(model, definition);
    return new PoolDefinitions(version + 1, next);
  }

  PoolDefinitions without(String model) {
    Map<String, String> next = new TreeMap<>(pools);
    next.remove(model);
    return new PoolDefinitions(version + 1, next);
  }
}
