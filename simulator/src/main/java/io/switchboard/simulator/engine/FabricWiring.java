package io.switchboard.simulator.engine;

import io.switchboard.balance.BalancingStrategy;
import io.switchboard.simulator.report.RunRecorder;
import io.switchboard.simulator.scenario.FabricSpec;
import io.switchboard.simulator.scenario.RunSettings;
import java.util.SplittableRandom;

/** The parts a {@link Fabric} works with, built once per run by {@link Simulation}. */
record FabricWiring(
    EventQueue queue,
    MessageTable messages,
    WorkerPool workers,
    Levels levels,
    RunRecorder recorder,
    MessageSource source,
    int[] partitionNode,
    BalancingStrategy[] strategies,
    long[][] hops,
    FabricSpec fabric,
    RunSettings run,
    SplittableRandom failures) {}
