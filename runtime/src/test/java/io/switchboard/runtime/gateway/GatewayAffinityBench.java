package io.switchboard.runtime.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.runtime.emulator.BackendEmulator;
import io.switchboard.runtime.emulator.EmulatorSettings;
import io.switchboard.runtime.emulator.Fault;
import io.switchboard.runtime.emulator.NodeScripts;
import io.switchboard.runtime.node.SwitchboardNode;
import io.switchboard.simulator.engine.ProgressListener;
import io.switchboard.simulator.engine.Simulation;
import io.switchboard.simulator.report.Summary;
import io.switchboard.simulator.scenario.ScenarioLoader;
import io.switchboard.simulator.service.ServiceModel;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The affinity comparison, not part of the suite (run it by name): a multi-turn conversation
 * workload ({@code load.mjs} with the official client, each conversation opening with a long
 * document) through a node's gateway to 4 emulated backends, once per balancing strategy (round
 * robin, least outstanding, conversation affinity), each on fresh emulators with a small prefix
 * cache; then the simulator on the same workload (its measured turn rate, prompt and reply sizes,
 * the emulators' service model and cache size). Prints one table: time to first token and
 * prefix-cache hit rate measured and simulated, with the error. Asserts nothing.
 *
 * <p>{@code mvn -B -o -q -pl runtime -am test -Dtest=GatewayAffinityBench
 * -Dsurefire.failIfNoSpecifiedTests=false} with {@code -Dbench.conversations=32 -Dbench.turns=8
 * -Dbench.tokens=32 -Dbench.document-words=1000 -Dbench.cached-conversations=12}.
 */
class GatewayAffinityBench {
  private static final String MODEL = "llama-3-8b";
  private static final List<String> STRATEGIES =
      List.of("round-robin", "least-outstanding", "consistent-hash");
  private static final int BACKENDS = 4;
  private static final int SIMULATED_SEEDS = 5;
  // the emulators' service model, in ms: first token after b0 + b1 x uncached prompt tokens,
  // then one token every b2
  private static final double B0 = 20;
  private static final double B1 = 0.1;
  private static final double B2 = 10;

  private final int conversations = Integer.getInteger("bench.conversations", 32);
  private final int turns = Integer.getInteger("bench.turns", 8);
  private final int tokens = Integer.getInteger("bench.tokens", 32);
  private final int documentWords = Integer.getInteger("bench.document-words", 1000);
  private final int cachedConversations = Integer.getInteger("bench.cached-conversations", 12);

  /**
   * What the client measured under one strategy, and what the emulators counted: turns, turns that
   * hit their prefix cache, and the sum of the turns' times to first token by the service model.
   */
  private record Measured(
      String strategy, JsonNode load, long turns, long cachedTurns, double plannedFirstTokenMs) {
    double plannedTtft() {
      return plannedFirstTokenMs / turns;
    }

    double emulatorHitRate() {
      return (double) cachedTurns / turns;
    }

    double turnRate() {
      return load.path("turnsAnswered").asDouble() / load.path("seconds").asDouble();
    }

    double hitRate() {
      return load.path("turnsCached").asDouble() / load.path("turnsAnswered").asDouble();
    }

    double meanPrompt() {
      return load.path("promptTokens").asDouble() / load.path("turnsAnswered").asDouble();
    }

    double ttft(String field) {
      return load.path("firstTokenMs").path(field).asDouble();
    }
  }

  @Test
  void comparesStrategiesMeasuredAndSimulated(@TempDir Path dir) throws Exception {
    NodeScripts.install();
    List<Measured> measured = new ArrayList<>();
    for (String strategy : STRATEGIES) {
      measured.add(measure(dir.resolve(strategy), strategy));
    }
    // the share of the prompt a hit skips, as the emulator counted it under affinity (where every
    // hit is the conversation's previous turn): the simulator's prefix-hit-fraction
    double hitFraction =
        measured
            .get(STRATEGIES.indexOf("consistent-hash"))
            .load()
            .path("cachedShareOfCachedTurns")
            .asDouble();
    System.out.printf(
        Locale.ROOT,
        "BENCH affinity: %d conversations x %d turns of %d tokens, a %d-word document first, %d"
            + " backends caching %d conversations each, b0 %.0f ms b1 %.2f ms b2 %.0f ms; simulator"
            + " prefix-hit-fraction %.3f (measured under affinity), mean of %d seeds; load %s%n",
        conversations,
        turns,
        tokens,
        documentWords,
        BACKENDS,
        cachedConversations,
        B0,
        B1,
        B2,
        hitFraction,
        SIMULATED_SEEDS,
        Files.readString(Path.of("/proc/loadavg")).trim());
    System.out.println(
        "| strategy | hit rate: client / emulators / simulated | TTFT mean (ms): by the service"
            + " model (emulators) / simulated, error | TTFT p50 / p99 simulated (ms) | TTFT mean /"
            + " p50 / p99 at the client (ms, loaded machine) | cached share of prompt | turns/s |");
    System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
    for (Measured run : measured) {
      Simulated simulated = simulate(run, hitFraction);
      // the simulator's latency is the whole turn; its time to first token is that less the
      // decode of every token after the first (the same for every turn: max_tokens cuts each)
      double decodeMs = B2 * (tokens - 1);
      double simulatedTtft = simulated.mean() * 1000 - decodeMs;
      System.out.printf(
          Locale.ROOT,
          "| %s | %.1f%% / %.1f%% / %.1f%% | %.1f / %.1f, %+.0f%% | %.1f / %.1f | %.0f / %.0f / %.0f"
              + " | %.3f | %.1f |%n",
          run.strategy(),
          100 * run.hitRate(),
          100 * run.emulatorHitRate(),
          100 * simulated.hitRate(),
          run.plannedTtft(),
          simulatedTtft,
          100 * (simulatedTtft - run.plannedTtft()) / run.plannedTtft(),
          simulated.p50() * 1000 - decodeMs,
          simulated.p99() * 1000 - decodeMs,
          run.ttft("clientMean"),
          run.ttft("clientP50"),
          run.ttft("clientP99"),
          run.load().path("cachedShareOfPrompt").asDouble(),
          run.turnRate());
    }
  }

  /**
   * Runs the workload through a fresh node and fresh emulators with the pool on {@code strategy}.
   */
  private Measured measure(Path dir, String strategy) throws Exception {
    Files.createDirectories(dir);
    List<BackendEmulator> emulators = new ArrayList<>();
    try {
      for (int i = 0; i < BACKENDS; i++) {
        emulators.add(BackendEmulator.start(emulator(), new InetSocketAddress("127.0.0.1", 0)));
      }
      String backends =
          emulators.stream()
              .map(e -> "{ url = \"http://127.0.0.1:" + e.port() + "/v1\", max-concurrency = 64 }")
              .collect(Collectors.joining(", "));
      Path config =
          Files.writeString(
              dir.resolve("bench.conf"),
              "switchboard.gateway.pools { \""
                  + MODEL
                  + "\" { balancing = "
                  + strategy
                  + ", backends = ["
                  + backends
                  + "] } }\n");
      SwitchboardNode node = LocalGatewayNode.start(config, dir.resolve("data"));
      try {
        String gateway = LocalGatewayNode.base(node);
        LocalGatewayNode.awaitPool(gateway, MODEL);
        JsonNode load =
            NodeScripts.json(
                "load.mjs",
                gateway,
                MODEL,
                Integer.toString(conversations),
                Integer.toString(turns),
                Integer.toString(tokens),
                Integer.toString(documentWords));
        System.out.println("BENCH affinity " + strategy + ": " + load);
        return new Measured(
            strategy,
            load,
            emulators.stream().mapToLong(e -> e.stats().plannedTurns()).sum(),
            emulators.stream().mapToLong(e -> e.stats().cachedTurns()).sum(),
            emulators.stream().mapToDouble(e -> e.stats().plannedFirstTokenMillis()).sum());
      } finally {
        node.stop().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
      }
    } finally {
      emulators.forEach(BackendEmulator::close);
    }
  }

  /**
   * The emulator settings: replies longer than max_tokens, so that every turn has exactly {@code
   * tokens} output tokens; a prefix cache of {@code cachedConversations} conversations.
   */
  private EmulatorSettings emulator() {
    return new EmulatorSettings(
        MODEL,
        8192,
        ServiceModel.llm(B0 * 1e6, B1 * 1e6, B2 * 1e6),
        tokens + 8,
        tokens + 16,
        0,
        16,
        cachedConversations,
        true,
        256,
        384,
        Fault.NONE,
        Duration.ofMinutes(10));
  }

  /** The simulator's figures, means over its seeds: whole-turn latency in seconds, hit rate. */
  private record Simulated(double mean, double p50, double p99, double hitRate) {}

  /** The simulator on the measured workload: its rate, prompt size, reply size and cache. */
  private Simulated simulate(Measured run, double hitFraction) {
    double mean = 0;
    double p50 = 0;
    double p99 = 0;
    double hits = 0;
    for (int seed = 1; seed <= SIMULATED_SEEDS; seed++) {
      Summary summary =
          new Simulation(
                  ScenarioLoader.fromText(scenario(run, hitFraction, seed), List.of()),
                  ProgressListener.NONE)
              .run()
              .summary();
      mean += summary.latency().mean() / SIMULATED_SEEDS;
      p50 += summary.latency().p50() / SIMULATED_SEEDS;
      p99 += summary.latency().p99() / SIMULATED_SEEDS;
      hits += summary.prefixHitRate() / SIMULATED_SEEDS;
    }
    return new Simulated(mean, p50, p99, hits);
  }

  /**
   * The workload as a scenario: as many seconds as the run took, Poisson turns at its rate (the
   * simulator has no closed-loop conversations), its mean prompt and its reply size.
   */
  private String scenario(Measured run, double hitFraction, int seed) {
    return String.format(
        Locale.ROOT,
        """
        run { seed = %d, duration = %dms, warmup = 0s, drain = 60s, interval = 1s }
        nodes = [node]
        streams.chat {
          arrival { process = poisson, rate = %.3f }
          keys { distribution = uniform, conversations = %d }
          mix = [{ type = chat.turn, prefill-tokens = %d, decode-tokens = %d }]
        }
        workers.backend {
          count = %d
          concurrency = 64
          service { model = llm, b0 = %.3fms, b1 = %.4fms, b2 = %.3fms }
          prefix-cache-keys = %d
          prefix-hit-fraction = %.3f
        }
        fabric { partitions = 1, balancing = %s }
        """,
        seed,
        Math.round(run.load().path("seconds").asDouble() * 1000),
        run.turnRate(),
        conversations,
        Math.round(run.meanPrompt()),
        tokens - 1,
        BACKENDS,
        B0,
        B1,
        B2,
        cachedConversations,
        hitFraction,
        run.strategy());
  }
}
