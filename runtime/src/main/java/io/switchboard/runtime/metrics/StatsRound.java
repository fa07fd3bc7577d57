package io.switchboard.runtime.metrics;

import io.switchboard.internal.protocol.PartitionProtocol;
import io.switchboard.topic.TopicStats.PartitionStats;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * One poll's stats requests to the running partitions, at most {@code parallelism} in flight. Every
 * callback runs on the poller's single thread, so the state here needs no locks; a partition that
 * does not answer in time is left out of this round.
 */
final class StatsRound {
  private final ActorSystem<?> system;
  private final Duration timeout;
  private final Executor executor;
  private final int parallelism;
  private final Iterator<HostedPartitions.Running> pending;
  private final Map<HostedPartitions.Running, PartitionStats> answers = new HashMap<>();
  private final CompletableFuture<Map<HostedPartitions.Running, PartitionStats>> done =
      new CompletableFuture<>();
  private int inFlight;

  private StatsRound(
      ActorSystem<?> system,
      StatsPollSettings settings,
      Executor executor,
      List<HostedPartitions.Running> running) {
    this.system = system;
    this.timeout = settings.askTimeout();
    this.executor = executor;
    this.parallelism = settings.parallelism();
    this.pending = running.iterator();
  }

  /** Asks every partition of {@code running}; completes with the answers that came. */
  static CompletionStage<Map<HostedPartitions.Running, PartitionStats>> run(
      ActorSystem<?> system,
      StatsPollSettings settings,
      Executor executor,
      List<HostedPartitions.Running> running) {
    StatsRound round = new StatsRound(system, settings, executor, running);
    executor.execute(round::next);
    return round.done;
  }

  private void next() {
    while (inFlight < parallelism && pending.hasNext()) {
      HostedPartitions.Running partition = pending.next();
      inFlight++;
      ask(partition)
          .whenCompleteAsync(
              (stats, failure) -> {
                inFlight--;
                if (failure == null) {
                  answers.put(partition, stats);
                }
                next();
              },
              executor);
    }
    if (inFlight == 0 && !pending.hasNext()) {
      done.complete(answers);
    }
  }

  private CompletionStage<PartitionStats> ask(HostedPartitions.Running partition) {
    var ref = ClusterSharding.get(system).entityRefFor(partition.type(), partition.id().entityId());
    return AskPattern.<PartitionProtocol.Command, PartitionStats>ask(
        ref, PartitionProtocol.GetStats::new, timeout, system.scheduler());
  }
}
