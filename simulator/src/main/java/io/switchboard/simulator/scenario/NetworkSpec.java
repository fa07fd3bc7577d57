package io.switchboard.simulator.scenario;

import java.util.List;
import java.util.Map;

/**
 * One-way hop times between nodes.
 *
 * @param localNanos the hop time within one node
 * @param defaultNanos the hop time between two nodes without an explicit link
 * @param links hop times of explicit links, keyed {@code "a:b"} (symmetric)
 */
public record NetworkSpec(long localNanos, long defaultNanos, Map<String, Long> links) {

  public NetworkSpec {
    links = Map.copyOf(links);
  }

  /** Returns the hop matrix over {@code nodes}, indexed like the list. */
  public long[][] matrix(List<String> nodes) {
    int n = nodes.size();
    long[][] hops = new long[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        hops[i][j] = i == j ? localNanos : link(nodes.get(i), nodes.get(j));
      }
    }
    return hops;
  }

  private long link(String a, String b) {
    Long direct = links.get(a + ":" + b);
    if (direct != null) {
      return direct;
    }
    return links.getOrDefault(b + ":" + a, defaultNanos);
  }
}
