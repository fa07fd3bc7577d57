package io.switchboard.simulator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.TestNode;
import io.switchboard.simulator.contract.DeliveryRules.Case;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The simulator's fabric re-implements what the library's partitions do with leases, redeliveries
 * and dead letters; this suite holds both to the same answers, case by case, so a change to one
 * that the other does not follow fails here.
 */
class DeliveryRulesContractTest {
  @TempDir static Path dataDir;
  private static TestNode node;
  private static LibraryFabric library;

  @BeforeAll
  static void start() {
    node = new TestNode(dataDir);
    library = new LibraryFabric(node);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static java.util.List<Case> cases() {
    return DeliveryRules.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theLibraryFollowsTheRules(Case c) {
    assertThat(library.run(c)).isEqualTo(DeliveryRules.expected(c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theSimulatorFollowsTheRules(Case c) {
    assertThat(SimulatedFabric.run(c)).isEqualTo(DeliveryRules.expected(c));
  }
}
