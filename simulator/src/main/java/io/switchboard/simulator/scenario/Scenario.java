package io.switchboard.simulator.scenario;

import io.switchboard.simulator.traffic.StreamSpec;
import java.util.List;

/**
 * A complete capacity scenario: traffic, workers, fabric, network and faults.
 *
 * @param run duration, warm-up and seed
 * @param nodes the node names
 * @param network hop times between nodes
 * @param streams the producer streams
 * @param kinds the worker kinds
 * @param fabric partitions, balancing, credit, lease and attempts
 * @param faults worker and node outages
 */
public record Scenario(
    RunSettings run,
    List<String> nodes,
    NetworkSpec network,
    List<StreamSpec> streams,
    List<WorkerKind> kinds,
    FabricSpec fabric,
    List<FaultSpec> faults) {

  public Scenario {
    nodes = List.copyOf(nodes);
    streams = List.copyOf(streams);
    kinds = List.copyOf(kinds);
    faults = List.copyOf(faults);
  }

  /** Returns a copy whose group uses {@code fabric}. */
  public Scenario withFabric(FabricSpec other) {
    return new Scenario(run, nodes, network, streams, kinds, other, faults);
  }

  /** Returns the total worker count over all kinds. */
  public int workerCount() {
    return kinds.stream().mapToInt(WorkerKind::count).sum();
  }
}
