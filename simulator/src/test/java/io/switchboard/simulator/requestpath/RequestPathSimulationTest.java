package io.switchboard.simulator.requestpath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.switchboard.simulator.scenario.RequestPathLoader;
import io.switchboard.simulator.scenario.RequestPathScenario;
import io.switchboard.simulator.scenario.ScenarioException;
import io.switchboard.simulator.validation.QueueingTheory;
import java.util.List;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

/** The request path's stages give the times queueing theory and simple arithmetic say they must. */
class RequestPathSimulationTest {
  private static final String IDLE =
      """
      load { requests = 1, rounds = 1 }
      workers { chunks = 20, pace = 20ms }
      node {
        cores = 2, start-cpu = 1ms, chunk-cpu = 200us, chunk-read-cpu = 100us, end-cpu = 500us
        start-writes = 3, end-writes = 2, commit = 1ms
      }
      """;

  @Test
  void aBurstsStartsQueueForTheCoresInArrivalOrder() {
    // the k-th of 100 starts of 4 ms on 2 cores is dispatched at ceil(k / 2) * 4 ms
    String burst =
        """
        load { requests = 100, rounds = 1 }
        workers.chunks = 0
        node { cores = 2, start-cpu = 4ms, chunk-cpu = 0 }
        """;
    RequestPathResult twoCores = run(burst);
    RequestPathResult fourCores = run(burst, "node.cores=4");

    assertThat(twoCores.dispatch().p50()).isCloseTo(100, Percentage.withPercentage(0.5));
    assertThat(twoCores.dispatch().p99()).isCloseTo(200, Percentage.withPercentage(0.5));
    assertThat(fourCores.dispatch().p99()).isCloseTo(100, Percentage.withPercentage(0.5));
  }

  @Test
  void aShareOfACoreRunsTheSameWorkSlower() {
    // half a core: one server at half speed, so each 4 ms start takes 8 ms
    RequestPathResult half =
        run(
            """
            load { requests = 10, rounds = 1 }
            workers.chunks = 0
            node { cores = 0.5, start-cpu = 4ms, chunk-cpu = 0 }
            """);

    assertThat(half.dispatch().max()).isCloseTo(80, Percentage.withPercentage(0.5));
    assertThat(half.coresUsed()).isCloseTo(0.5, within(0.01));
  }

  @Test
  void poissonStartsOnExponentialCostsWaitAsMmcSays() {
    // M/M/2 at utilisation 0.7: starts of mean 10 ms arriving at 140/s
    RequestPathResult result =
        run(
            """
            load { requests = 300000, rounds = 1, arrival = poisson, rate = 140 }
            workers.chunks = 0
            node { cores = 2, cost = exponential, start-cpu = 10ms, chunk-cpu = 0 }
            """);

    double erlangC = QueueingTheory.meanWait(2, 140, 100) * 1e9;
    assertThat(result.meanCpuWaitNanos()).isCloseTo(erlangC, Percentage.withPercentage(6));
    assertThat(result.coresUsed()).isCloseTo(1.4, within(0.03));
  }

  @Test
  void onAnIdleNodeAChunkAddsItsCpuAndOneCommit() {
    RequestPathResult result = run(IDLE);

    // start 1 ms + 3 commits of 1 ms, then the first chunk's 0.2 ms + 1 commit + 0.1 ms read
    assertThat(result.firstChunkAdded().p50()).isCloseTo(5.3, within(0.01));
    assertThat(result.betweenChunksAdded().max()).isZero();
    assertThat(result.betweenChunksAdded().count()).isEqualTo(19);
  }

  @Test
  void twoNodesAddAHopToTheDispatchAndToTheFirstChunk() {
    RequestPathResult result = run(IDLE, "node.nodes=2", "node.hop=300us");

    assertThat(result.firstChunkAdded().p50()).isCloseTo(5.9, within(0.01));
    assertThat(result.betweenChunksAdded().max()).isZero();
  }

  @Test
  void writesThatComeDuringACommitRideTheNextOne() {
    RequestPathResult result =
        run(
            """
            load { requests = 100, rounds = 1 }
            workers.chunks = 0
            node { cores = 100, start-cpu = 1us, chunk-cpu = 0, start-writes = 1, commit = 1ms }
            """);

    // the first write starts a commit alone; the 99 that come in the same instant share the next
    assertThat(result.commits()).isEqualTo(2);
    assertThat(result.stored().max()).isCloseTo(2.001, within(0.01));
  }

  @Test
  void aBurstsStartsDelayTheChunksOfRequestsAlreadyRunning() {
    RequestPathResult result =
        run(
            """
            load { requests = 1000, rounds = 1 }
            workers { chunks = 20, pace = 20ms }
            node { cores = 2, start-cpu = 2ms, chunk-cpu = 100us, chunk-read-cpu = 100us }
            """);

    assertThat(result.betweenChunksAdded().p50()).isZero();
    assertThat(result.betweenChunksAdded().p99()).isGreaterThan(1);
    // the last start ends after 1,000 x 2 ms / 2 cores, at least
    assertThat(result.firstChunkAdded().max()).isGreaterThan(1000);
  }

  @Test
  void startsLimitedToAFewAtOnceLetRunningRequestsChunksPass() {
    String burst =
        """
        load { requests = 1000, rounds = 1 }
        workers { chunks = 2, pace = 20ms }
        node { cores = 1, start-cpu = 2ms, chunk-cpu = 100us }
        """;
    RequestPathResult unbounded = run(burst);
    RequestPathResult fifty = run(burst, "node.starts-at-once=50");

    // unbounded, an early request's chunk queues behind every start not yet run (up to ~2 s);
    // with 50 starts at once, behind at most 50 of them (~100 ms)
    assertThat(unbounded.firstChunkAdded().p50() - unbounded.dispatch().p50()).isGreaterThan(500);
    assertThat(fifty.firstChunkAdded().p50() - fifty.dispatch().p50()).isLessThan(150);
    // the last start ends later by at most the chunks' CPU that went ahead (2,000 x 0.1 ms)
    assertThat(fifty.dispatch().max() - unbounded.dispatch().max()).isBetween(0.0, 201.0);
  }

  @Test
  void theSameSeedGivesTheSameResult() {
    String jittery = IDLE + "\nworkers.pace-jitter = 10ms\nnode.cost = exponential\n";
    assertThat(run(jittery, "load.requests=50")).isEqualTo(run(jittery, "load.requests=50"));
  }

  @Test
  void refusesBadInputNamingTheKey() {
    assertThatThrownBy(() -> run(IDLE, "load.requests=0"))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("load.requests: must be in [1, 10000000], got 0");
    assertThatThrownBy(() -> run(IDLE, "load.arrival=poisson"))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("load.rate");
    assertThatThrownBy(() -> run(IDLE, "node.disk=1"))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("unknown key 'node.disk'");
    assertThatThrownBy(() -> RequestPathLoader.load("nope", List.of()))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("request scenario not found: nope");
  }

  @Test
  void theBundledBurstLoads() {
    RequestPathScenario burst = RequestPathLoader.load("request-burst", List.of());
    assertThat(burst.load().requests()).isEqualTo(1000);
    assertThat(burst.node().chunkCpuNanos()).isPositive();
  }

  private static RequestPathResult run(String text, String... overrides) {
    return new RequestPathSimulation(RequestPathLoader.fromText(text, List.of(overrides))).run();
  }
}
