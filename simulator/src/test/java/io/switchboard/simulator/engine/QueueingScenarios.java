package io.switchboard.simulator.engine;

import io.switchboard.balance.Balancing;
import io.switchboard.simulator.scenario.FabricSpec;
import io.switchboard.simulator.scenario.NetworkSpec;
import io.switchboard.simulator.scenario.RunSettings;
import io.switchboard.simulator.scenario.Scenario;
import io.switchboard.simulator.scenario.WorkerKind;
import io.switchboard.simulator.service.Distribution;
import io.switchboard.simulator.service.ServiceModel;
import io.switchboard.simulator.traffic.ArrivalSpec;
import io.switchboard.simulator.traffic.KeySpec;
import io.switchboard.simulator.traffic.MessageType;
import io.switchboard.simulator.traffic.StreamSpec;
import java.util.List;
import java.util.Map;

/** Textbook queues as scenarios: one Poisson stream, one partition, c single-slot workers. */
final class QueueingScenarios {
  /** Mean service time: 1 ms, so a million messages take about 1000 s of virtual time. */
  static final double SERVICE_NANOS = 1e6;

  private QueueingScenarios() {}

  /** Returns an M/G/c queue at utilisation {@code rho} with {@code messages} expected arrivals. */
  static Scenario queue(int servers, double rho, Distribution service, long messages,
      long seed) {
    double rate = rho * servers * 1e9 / SERVICE_NANOS;
    long duration = (long) (messages / rate * 1e9);
    long warmup = duration / 20;
    StreamSpec stream = new StreamSpec("arrivals", "n", new ArrivalSpec.Poisson(rate),
        KeySpec.none(), List.of(new MessageType("job", 1, Distribution.fixed(0),
            Distribution.fixed(0))));
    WorkerKind kind = new WorkerKind("server", servers, 1, 1, List.of("n"),
        ServiceModel.of(service), 0, 0, 0);
    return new Scenario(
        new RunSettings(seed, duration, warmup, duration, duration / 100),
        List.of("n"),
        new NetworkSpec(0, 0, Map.of()),
        List.of(stream),
        List.of(kind),
        new FabricSpec(1, Balancing.ROUND_ROBIN, 0, 3_600_000_000_000L, 5),
        List.of());
  }
}
