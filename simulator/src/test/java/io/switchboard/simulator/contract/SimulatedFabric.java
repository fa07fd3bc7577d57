package io.switchboard.simulator.contract;

import io.switchboard.simulator.contract.DeliveryRules.Case;
import io.switchboard.simulator.contract.DeliveryRules.Outcome;
import io.switchboard.simulator.report.Summary;
import io.switchboard.simulator.scenario.TestScenarios;

/**
 * Runs a case in the simulator: the case's messages arrive at a constant rate, workers answer as
 * the case says.
 */
final class SimulatedFabric {
  private SimulatedFabric() {}

  static Outcome run(Case c) {
    // a message a second, the first after one second: `messages` of them before the end;
    // workers with room for every held attempt
    String scenario =
        """
        run { seed = 1, duration = %dms, warmup = 0s, drain = 10m, interval = 1s }
        nodes = [a]
        streams.load.arrival { process = constant, rate = 1 }
        workers.w { count = 2, concurrency = %d, nodes = [a], error-rate = %s,
                    service { model = fixed, mean = %s } }
        fabric { partitions = 1, balancing = round-robin, ack-lease = %dms, max-attempts = %d }
        """
            .formatted(
                c.messages() * 1000L + 500,
                c.messages() * c.maxAttempts(),
                c.consumer() == DeliveryRules.Consumer.FAILS ? "1" : "0",
                c.consumer() == DeliveryRules.Consumer.HOLDS ? "1h" : "10ms",
                c.ackLease().toMillis(),
                c.maxAttempts());
    Summary summary = TestScenarios.run(TestScenarios.parse(scenario)).summary();
    if (summary.messages() != c.messages()) {
      throw new AssertionError(
          "the scenario made " + summary.messages() + " messages, the case wants " + c.messages());
    }
    return new Outcome(
        summary.messages() + summary.redeliveries(),
        summary.redeliveries(),
        summary.deadLetters(),
        summary.completed());
  }
}
