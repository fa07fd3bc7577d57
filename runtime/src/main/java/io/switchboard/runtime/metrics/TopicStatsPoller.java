package io.switchboard.runtime.metrics;

import io.switchboard.Switchboard;
import io.switchboard.topic.TopicConfig;
import io.switchboard.topic.TopicStats;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.Cancellable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Polls {@code stats(topic)} of every topic on a fixed interval and feeds {@link TopicStatsGauges}. */
public final class TopicStatsPoller {
  private static final Logger log = LoggerFactory.getLogger(TopicStatsPoller.class);

  private final Switchboard switchboard;
  private final TopicStatsGauges gauges;
  private final Executor executor;
  private final AtomicBoolean polling = new AtomicBoolean();
  private volatile boolean warned;

  public TopicStatsPoller(Switchboard switchboard, TopicStatsGauges gauges, Executor executor) {
    this.switchboard = switchboard;
    this.gauges = gauges;
    this.executor = executor;
  }

  /** Starts polling every {@code interval}; cancel the result to stop. */
  public Cancellable start(Duration interval) {
    return switchboard.system().scheduler().scheduleWithFixedDelay(
        interval, interval, this::pollOnce, switchboard.system().executionContext());
  }

  /** Polls once unless a poll is still running. */
  public void pollOnce() {
    if (!polling.compareAndSet(false, true)) {
      return;
    }
    switchboard.listTopics()
        .thenComposeAsync(this::statsOf, executor)
        .whenCompleteAsync((stats, failure) -> {
          polling.set(false);
          if (failure == null) {
            gauges.update(stats);
          } else if (!warned) {
            warned = true;
            log.warn("Cannot read topic stats for metrics (warned once): {}", failure.toString());
          }
        }, executor);
  }

  private CompletionStage<List<TopicStats>> statsOf(List<TopicConfig> topics) {
    List<CompletableFuture<TopicStats>> all = topics.stream()
        .map(topic -> switchboard.stats(topic.name()).toCompletableFuture())
        .toList();
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
        .thenApplyAsync(done -> all.stream().map(CompletableFuture::join).toList(), executor);
  }
}
