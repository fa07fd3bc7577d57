package io.switchboard.internal.group;

import io.switchboard.message.CborSerializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * The load balancer of one consumer group: collects, from every partition, what each consumer holds
 * and how fast it works, and answers with the whole group's view, so that a partition balances on a
 * consumer's total load rather than on its own share. Off the per-message path: partitions report
 * about once a second.
 */
public final class ConsumerGroupBalancer extends AbstractBehavior<ConsumerGroupBalancer.Command> {

  public static final EntityTypeKey<Command> ENTITY_TYPE_KEY =
      EntityTypeKey.create(Command.class, "switchboard-group-balancer");

  public interface Command extends CborSerializable {}

  /** A consumer's numbers: unacknowledged deliveries, declared capacity, mean service time. */
  public record ConsumerLoad(
      String consumerId, int outstanding, double capacity, double serviceNanos)
      implements CborSerializable {}

  /** A partition's numbers; answered with the group's totals. */
  public record LoadReport(int partition, List<ConsumerLoad> consumers, ActorRef<GroupLoad> replyTo)
      implements Command {}

  /** The group's totals over every partition that reported recently. */
  public record GroupLoad(List<ConsumerLoad> consumers) implements CborSerializable {}

  public record GetLoad(ActorRef<GroupLoad> replyTo) implements Command {}

  private enum Stop implements Command {
    INSTANCE
  }

  private record Report(List<ConsumerLoad> consumers, long atMillis) {}

  private final Duration staleAfter;
  private final Map<Integer, Report> reports = new HashMap<>();

  /** Returns the entity id of a group's balancer. */
  public static String entityId(String topic, long incarnation, String group) {
    return topic + "~" + incarnation + "~" + group;
  }

  /**
   * Starts sharding of balancers; one forgets a partition's report after {@code staleAfter} and
   * stops after {@code idle} without one.
   */
  public static void init(ActorSystem<?> system, Duration staleAfter, Duration idle) {
    ClusterSharding.get(system)
        .init(
            Entity.of(ENTITY_TYPE_KEY, entity -> create(staleAfter, idle))
                .withStopMessage(Stop.INSTANCE));
  }

  static Behavior<Command> create(Duration staleAfter, Duration idle) {
    return Behaviors.setup(context -> new ConsumerGroupBalancer(context, staleAfter, idle));
  }

  private ConsumerGroupBalancer(ActorContext<Command> context, Duration staleAfter, Duration idle) {
    super(context);
    this.staleAfter = staleAfter;
    context.setReceiveTimeout(idle, Stop.INSTANCE);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(LoadReport.class, this::onReport)
        .onMessage(
            GetLoad.class,
            get -> {
              get.replyTo().tell(total(System.currentTimeMillis()));
              return this;
            })
        .onMessageEquals(Stop.INSTANCE, Behaviors::stopped)
        .build();
  }

  private Behavior<Command> onReport(LoadReport report) {
    long now = System.currentTimeMillis();
    reports.put(report.partition(), new Report(report.consumers(), now));
    report.replyTo().tell(total(now));
    return this;
  }

  private GroupLoad total(long now) {
    reports.values().removeIf(r -> r.atMillis < now - staleAfter.toMillis());
    Map<String, double[]> sums = new TreeMap<>(); // outstanding, capacity, service sum, service n
    for (Report report : reports.values()) {
      for (ConsumerLoad load : report.consumers) {
        double[] sum = sums.computeIfAbsent(load.consumerId(), id -> new double[4]);
        sum[0] += load.outstanding();
        sum[1] = Math.max(sum[1], load.capacity());
        if (load.serviceNanos() > 0) {
          sum[2] += load.serviceNanos();
          sum[3]++;
        }
      }
    }
    List<ConsumerLoad> totals = new ArrayList<>(sums.size());
    sums.forEach(
        (id, sum) ->
            totals.add(
                new ConsumerLoad(id, (int) sum[0], sum[1], sum[3] == 0 ? 0 : sum[2] / sum[3])));
    return new GroupLoad(totals);
  }
}
