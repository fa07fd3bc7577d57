package io.switchboard.runtime.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.Switchboard;
import io.switchboard.topic.TopicConfig;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds {@link TopicStatsGauges} with the stats of the partitions running on this node. It runs on
 * a thread of its own, never on the actors' dispatcher, asks only partitions that are running (a
 * passivated partition is not woken up: it keeps its last numbers) and bounds the requests in
 * flight; an idle topic costs nothing per poll.
 */
public final class TopicStatsPoller implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TopicStatsPoller.class);

  private final ActorSystem<?> system;
  private final Switchboard switchboard;
  private final TopicStatsGauges gauges;
  private final StatsPollSettings settings;
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "switchboard-stats-poller");
            thread.setDaemon(true);
            return thread;
          });
  private final AtomicBoolean polling = new AtomicBoolean();
  private volatile boolean warned;

  TopicStatsPoller(Switchboard switchboard, TopicStatsGauges gauges, StatsPollSettings settings) {
    this.system = switchboard.system();
    this.switchboard = switchboard;
    this.gauges = gauges;
    this.settings = settings;
  }

  /** Starts polling into gauges of {@code registry}; coordinated shutdown stops it. */
  public static TopicStatsPoller start(
      Switchboard switchboard, MeterRegistry registry, StatsPollSettings settings) {
    TopicStatsPoller poller =
        new TopicStatsPoller(switchboard, new TopicStatsGauges(registry), settings);
    long every = settings.interval().toMillis();
    poller.executor.scheduleWithFixedDelay(poller::pollOnce, every, every, TimeUnit.MILLISECONDS);
    CoordinatedShutdown.get(switchboard.system())
        .addTask(
            CoordinatedShutdown.PhaseServiceStop(),
            "switchboard-stats-stop",
            () -> {
              poller.close();
              return CompletableFuture.completedFuture(Done.getInstance());
            });
    return poller;
  }

  /** Polls once unless a poll is still running; completes when the gauges are updated. */
  public CompletionStage<Done> pollOnce() {
    if (!polling.compareAndSet(false, true)) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    CompletionStage<Set<String>> topics =
        switchboard
            .listTopics()
            .thenApplyAsync(
                list -> list.stream().map(TopicConfig::name).collect(Collectors.toSet()), executor);
    return HostedPartitions.query(system, settings.askTimeout(), executor)
        .thenComposeAsync(
            hosted ->
                StatsRound.run(system, settings, executor, hosted.running())
                    .thenCombineAsync(
                        topics,
                        (answers, names) -> {
                          gauges.update(hosted, answers, names);
                          return Done.getInstance();
                        },
                        executor),
            executor)
        .whenCompleteAsync(
            (done, failure) -> {
              polling.set(false);
              if (failure != null && !warned) {
                warned = true;
                log.warn(
                    "Cannot read partition stats for metrics (warned once): {}",
                    failure.toString());
              }
            },
            executor);
  }

  /** Returns the gauges this poller feeds. */
  public TopicStatsGauges gauges() {
    return gauges;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
