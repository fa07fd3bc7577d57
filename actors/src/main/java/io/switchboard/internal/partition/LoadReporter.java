package io.switchboard.internal.partition;

import io.switchboard.internal.group.ConsumerGroupBalancer;
import io.switchboard.internal.group.ConsumerGroupBalancer.ConsumerLoad;
import io.switchboard.internal.group.ConsumerGroupBalancer.GroupLoad;
import io.switchboard.internal.protocol.PartitionProtocol.Command;
import java.time.Duration;
import java.util.List;

/**
 * Tells each group's balancer what this partition's consumers hold, every load-report interval; the
 * answer (the group's totals) goes to the group's dispatcher.
 */
final class LoadReporter {
  /** A balancer's answer to a report ({@code load} null when it did not answer). */
  record Received(String group, GroupLoad load, List<ConsumerLoad> reported) implements Command {}

  private final PartitionId id;
  private final PartitionContext context;
  private final Duration interval;
  private long lastReport;

  LoadReporter(PartitionId id, PartitionContext context, Duration interval) {
    this.id = id;
    this.context = context;
    this.interval = interval;
  }

  /** Reports each group with consumers, when an interval has passed since the last report. */
  void reportIfDue(long nowMillis, GroupDispatchers dispatchers) {
    if (nowMillis - lastReport < interval.toMillis()) {
      return;
    }
    lastReport = nowMillis;
    for (GroupDispatcher dispatcher : dispatchers.all()) {
      if (dispatcher.consumers() > 0) {
        report(dispatcher.group(), dispatcher.loads());
      }
    }
  }

  private void report(String group, List<ConsumerLoad> loads) {
    context.ask(
        GroupLoad.class,
        context.groupBalancer(id, group),
        interval,
        replyTo -> new ConsumerGroupBalancer.LoadReport(id.partition(), loads, replyTo),
        (load, failure) -> new Received(group, load, loads));
  }

  /** Hands a balancer's answer to its group's dispatcher (if the group is still there). */
  void received(Received received, GroupDispatchers dispatchers) {
    GroupDispatcher dispatcher = dispatchers.get(received.group());
    if (dispatcher != null && received.load() != null) {
      dispatcher.groupLoad(received.load(), received.reported());
    }
  }
}
