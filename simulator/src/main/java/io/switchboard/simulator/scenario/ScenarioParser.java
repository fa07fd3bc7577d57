package io.switchboard.simulator.scenario;

import com.typesafe.config.Config;
import io.switchboard.balance.Balancing;
import io.switchboard.simulator.traffic.StreamSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Turns a resolved scenario config into a validated {@link Scenario}. */
final class ScenarioParser {
  private static final long SECOND = 1_000_000_000L;
  private static final int MAX_SERIES_ROWS = 100_000;

  private final TrafficReader traffic;

  ScenarioParser(Path baseDirectory) {
    this.traffic = new TrafficReader(baseDirectory);
  }

  Scenario parse(Config config) {
    ScenarioSection root = ScenarioSection.root(config);
    root.allowOnly(
        "description", "run", "nodes", "network", "streams", "workers", "fabric", "faults");
    List<String> nodes = root.strings("nodes", List.of("local"));
    if (nodes.isEmpty()) {
      throw root.invalid("nodes", "must name at least one node", "[]");
    }
    List<StreamSpec> streams = new ArrayList<>();
    for (String name : root.childNames("streams")) {
      streams.add(traffic.stream(name, root.child("streams").child(name), nodes));
    }
    if (streams.isEmpty()) {
      throw new ScenarioException(
          "missing key 'streams', expected at least one stream like"
              + " streams.chat { arrival { process = poisson, rate = 100 } }");
    }
    List<WorkerKind> kinds = new ArrayList<>();
    for (String name : root.childNames("workers")) {
      kinds.add(kind(name, root.child("workers").child(name), nodes));
    }
    if (kinds.stream().mapToInt(WorkerKind::count).sum() == 0) {
      throw new ScenarioException(
          "missing key 'workers', expected at least one worker, like"
              + " workers.gpu { count = 4, service { model = exponential, mean = 100ms } }");
    }
    List<FaultSpec> faults = new ArrayList<>();
    for (ScenarioSection fault : root.list("faults")) {
      faults.add(fault(fault, nodes, kinds));
    }
    return new Scenario(
        run(root.child("run")),
        nodes,
        network(root.child("network"), nodes),
        streams,
        kinds,
        fabric(root.child("fabric")),
        faults);
  }

  private static RunSettings run(ScenarioSection s) {
    s.allowOnly("seed", "duration", "warmup", "drain", "interval");
    long duration = s.nanos("duration", 600 * SECOND, 1);
    long warmup = s.nanos("warmup", duration / 10, 0);
    if (warmup >= duration) {
      throw s.invalid("warmup", "must be shorter than run.duration", s.string("warmup", ""));
    }
    long drain = s.nanos("drain", Math.max(duration / 2, 60 * SECOND), 0);
    long interval = s.nanos("interval", Math.max(duration / 300, 1), 1);
    if ((duration + drain) / interval > MAX_SERIES_ROWS) {
      throw s.invalid(
          "interval",
          "must give at most " + MAX_SERIES_ROWS + " rows over duration + drain",
          s.string("interval", interval + "ns"));
    }
    long seed = s.longInteger("seed", 1);
    return new RunSettings(seed, duration, warmup, drain, interval);
  }

  private static NetworkSpec network(ScenarioSection s, List<String> nodes) {
    s.allowOnly("local", "default", "links");
    Map<String, Long> links = new HashMap<>();
    for (String link : s.childNames("links")) {
      String[] ends = link.split(":");
      if (ends.length != 2 || !nodes.contains(ends[0]) || !nodes.contains(ends[1])) {
        throw s.child("links")
            .invalid(link, "must be named 'a:b' with a and b among " + nodes, "'" + link + "'");
      }
      links.put(link, s.child("links").nanos(link, 0, 0));
    }
    return new NetworkSpec(s.nanos("local", 0, 0), s.nanos("default", 0, 0), links);
  }

  private static WorkerKind kind(String name, ScenarioSection s, List<String> nodes) {
    s.allowOnly(
        "count",
        "concurrency",
        "capacity",
        "nodes",
        "service",
        "prefix-cache-keys",
        "prefix-hit-fraction",
        "error-rate");
    List<String> placed = s.strings("nodes", nodes);
    for (String node : placed) {
      if (!nodes.contains(node)) {
        throw s.invalid("nodes", "must list nodes among " + nodes, placed.toString());
      }
    }
    if (!s.has("service")) {
      throw new ScenarioException(
          "missing key '"
              + s.name("service")
              + "', expected an object like { model = exponential, mean = 100ms }");
    }
    double hitFraction = s.number("prefix-hit-fraction", 0, 0, 1);
    return new WorkerKind(
        name,
        s.integer("count", 1, 0, 100_000),
        s.integer("concurrency", 1, 1, 100_000),
        s.number("capacity", 1, 1e-9, 1e9),
        placed,
        DistributionReader.service(s.child("service")),
        s.integer("prefix-cache-keys", hitFraction > 0 ? 256 : 0, 0, 1_000_000),
        hitFraction,
        s.number("error-rate", 0, 0, 1));
  }

  private static FabricSpec fabric(ScenarioSection s) {
    s.allowOnly("partitions", "balancing", "prefetch", "ack-lease", "max-attempts");
    Balancing balancing;
    try {
      balancing = Balancing.parse(s.string("balancing", "round-robin"));
    } catch (IllegalArgumentException e) {
      throw new ScenarioException(s.name("balancing") + ": " + e.getMessage());
    }
    return new FabricSpec(
        s.integer("partitions", 1, 1, 65_536),
        balancing,
        s.integer("prefetch", 0, 0, 1_000_000),
        s.nanos("ack-lease", 30 * SECOND, 1),
        s.integer("max-attempts", 5, 1, 1_000));
  }

  private static FaultSpec fault(ScenarioSection s, List<String> nodes, List<WorkerKind> kinds) {
    s.allowOnly("at", "down-for", "worker", "node", "detect");
    String worker = s.string("worker", null);
    String node = s.string("node", null);
    if ((worker == null) == (node == null)) {
      throw new ScenarioException(s.display() + ": must name exactly one of 'worker' or 'node'");
    }
    if (node != null && !nodes.contains(node)) {
      throw s.invalid("node", "must be one of the nodes " + nodes, "'" + node + "'");
    }
    if (worker != null && !workerExists(worker, kinds)) {
      throw s.invalid(
          "worker",
          "must name a worker as kind-index, like h100-0, of a kind in" + " 'workers'",
          "'" + worker + "'");
    }
    boolean immediate = s.choice("detect", "lease", "lease", "immediate").equals("immediate");
    return new FaultSpec(
        s.requiredNanos("at", 0), s.requiredNanos("down-for", 0), worker, node, immediate);
  }

  /**
   * Accepts {@code kind-index} for any index: a fault on a worker beyond the kind's count is
   * skipped at run time, so that sweeps and searches over the count keep the fault list valid.
   */
  private static boolean workerExists(String worker, List<WorkerKind> kinds) {
    int dash = worker.lastIndexOf('-');
    if (dash <= 0 || !worker.substring(dash + 1).matches("\\d{1,9}")) {
      return false;
    }
    String kind = worker.substring(0, dash);
    return kinds.stream().anyMatch(k -> k.name().equals(kind));
  }
}
