package io.switchboard.runtime.gateway;

import io.switchboard.internal.partition.TimeSource;
import io.switchboard.message.CborSerializable;
import io.switchboard.runtime.quota.RateLimitSettings;
import io.switchboard.runtime.quota.RateLimited;
import io.switchboard.runtime.quota.TenantLimits;
import io.switchboard.runtime.quota.TenantRateLimiter;
import java.time.Duration;
import java.util.Map;
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
 * The cluster's one count of a tenant's calls to a pool: a sharded entity per pool and tenant
 * holding the buckets of the pool's {@code rate-limits}, so the front of every node takes from the
 * same buckets. Kept in memory only: a new incarnation (after its node left, or idle passivation)
 * starts with full buckets. The limits come with each call, so a redefined pool needs no lookup.
 */
public final class PoolRateLimitEntity extends AbstractBehavior<PoolRateLimitEntity.Command> {

  public static final EntityTypeKey<Command> ENTITY_TYPE_KEY =
      EntityTypeKey.create(Command.class, "switchboard-gateway-rate-limit");

  public interface Command extends CborSerializable {}

  /**
   * Takes one call of {@code tokens} estimated tokens when it fits the limits; answers a verdict.
   */
  public record Admit(
      String tenant,
      long requestsPerMinute,
      long tokensPerMinute,
      long tokens,
      ActorRef<Verdict> replyTo)
      implements Command {}

  /** Admitted when {@code refusal} is null; else why not and how long until the same call fits. */
  public record Verdict(String refusal, long retryAfterMillis) implements CborSerializable {
    static final Verdict ADMITTED = new Verdict(null, 0);
  }

  private enum Stop implements Command {
    INSTANCE
  }

  private enum Idle implements Command {
    INSTANCE
  }

  /** A bucket idle this long is full again (the limits are per minute): forgetting it is free. */
  private static final Duration IDLE = Duration.ofMinutes(2);

  private final TimeSource time;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private TenantLimits limits = TenantLimits.NONE;
  private TenantRateLimiter buckets;

  /** Returns the entity id of {@code tenant}'s count on the pool of {@code model}. */
  static String entityId(String model, String tenant) {
    // length-prefixed: no model and tenant pair shares an id with another, whatever they hold
    return model.length() + ":" + model + tenant;
  }

  /** Starts the entity's sharding on this node (every node hosts some of the counts). */
  static void init(ActorSystem<?> system, TimeSource time) {
    ClusterSharding.get(system)
        .init(
            Entity.of(ENTITY_TYPE_KEY, entity -> create(time, entity.getShard()))
                .withStopMessage(Stop.INSTANCE));
  }

  static Behavior<Command> create(TimeSource time, ActorRef<ClusterSharding.ShardCommand> shard) {
    return Behaviors.setup(context -> new PoolRateLimitEntity(context, time, shard));
  }

  private PoolRateLimitEntity(
      ActorContext<Command> context,
      TimeSource time,
      ActorRef<ClusterSharding.ShardCommand> shard) {
    super(context);
    this.time = time;
    this.shard = shard;
    context.setReceiveTimeout(IDLE, Idle.INSTANCE);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Admit.class, this::onAdmit)
        .onMessageEquals(Idle.INSTANCE, this::onIdle)
        .onMessageEquals(Stop.INSTANCE, Behaviors::stopped)
        .build();
  }

  /** Passivates through the shard, which holds calls that arrive meanwhile for the next one. */
  private Behavior<Command> onIdle() {
    shard.tell(new ClusterSharding.Passivate<>(getContext().getSelf()));
    return this;
  }

  private Behavior<Command> onAdmit(Admit admit) {
    TenantLimits wanted =
        new TenantLimits(0, admit.requestsPerMinute(), 0, 0, admit.tokensPerMinute());
    if (buckets == null || !wanted.equals(limits)) {
      // a pool redefined with other limits starts over with full buckets, as a new pool would
      limits = wanted;
      buckets =
          new TenantRateLimiter(new RateLimitSettings(wanted.any(), wanted, Map.of(), 1), time);
    }
    try {
      buckets.admit(admit.tenant(), 1, admit.tokens());
      admit.replyTo().tell(Verdict.ADMITTED);
    } catch (RateLimited refused) {
      admit
          .replyTo()
          .tell(new Verdict(refused.getMessage(), Math.max(1, refused.retryAfter().toMillis())));
    }
    return this;
  }
}
