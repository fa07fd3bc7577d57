package io.switchboard.simulator.validation;

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

/**
 * Textbook queues as scenarios: one Poisson stream, one partition, c workers with one slot each
 * (credit 1) under round robin, which then only picks free workers and so is work-conserving like
 * the single FIFO queue of M/M/c.
 */
public final class QueueingScenarios {
  /** Mean service time: 1 ms, so a million messages take about 1000 s of virtual time. */
  public static final double SERVICE_NANOS = 1e6;

  private QueueingScenarios() {}

  /** Returns an M/G/c queue at utilisation {@code rho} with about {@code messages} arrivals. */
  public static Scenario queue(
      int servers, double rho, Distribution service, long messages, long seed) {
    double rate = rho * servers * 1e9 / SERVICE_NANOS;
    long duration = (long) (messages / rate * 1e9);
    // a twentieth of the run as warm-up: far longer than the queue's relaxation time
    long warmup = duration / 20;
    StreamSpec stream =
        new StreamSpec(
            "arrivals",
            "n",
            new ArrivalSpec.Poisson(rate),
            KeySpec.none(),
            List.of(new MessageType("job", 1, Distribution.fixed(0), Distribution.fixed(0))));
    WorkerKind kind =
        new WorkerKind("server", servers, 1, 1, List.of("n"), ServiceModel.of(service), 0, 0, 0);
    return new Scenario(
        new RunSettings(seed, duration, warmup, duration, duration / 100),
        List.of("n"),
        new NetworkSpec(0, 0, Map.of()),
        List.of(stream),
        List.of(kind),
        // a lease of an hour never expires at millisecond service times
        new FabricSpec(1, Balancing.ROUND_ROBIN, 0, 3_600_000_000_000L, 5),
        List.of());
  }
}
