package io.switchboard.runtime.metrics;

import io.switchboard.internal.partition.DurablePartition;
import io.switchboard.internal.partition.PartitionId;
import io.switchboard.internal.partition.TransientPartition;
import io.switchboard.internal.protocol.PartitionProtocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * The partitions this node hosts, read from its own sharding regions: asking the regions never
 * starts a partition, so passivated partitions stay asleep.
 */
final class HostedPartitions {
  private static final List<EntityTypeKey<PartitionProtocol.Command>> TYPES =
      List.of(DurablePartition.ENTITY_TYPE_KEY, TransientPartition.ENTITY_TYPE_KEY);

  private HostedPartitions() {}

  /**
   * What the regions hold.
   *
   * @param shards every shard hosted here, as {@code type/shard}, including shards whose partitions
   *     all passivated
   * @param running the partitions running here now
   */
  record Snapshot(Set<String> shards, List<Running> running) {}

  /** A running partition and the shard ({@code type/shard}) that holds it. */
  record Running(PartitionId id, String shard, EntityTypeKey<PartitionProtocol.Command> type) {}

  /** Asks both partition regions (durable and transient) of this node for their state. */
  static CompletionStage<Snapshot> query(
      ActorSystem<?> system, Duration timeout, Executor executor) {
    ClusterSharding sharding = ClusterSharding.get(system);
    var durable = ask(system, sharding, TYPES.get(0), timeout);
    var transientState = ask(system, sharding, TYPES.get(1), timeout);
    return durable.thenCombineAsync(
        transientState,
        (d, t) -> {
          Set<String> shards = new HashSet<>();
          List<Running> running = new ArrayList<>();
          collect(TYPES.get(0), d, shards, running);
          collect(TYPES.get(1), t, shards, running);
          return new Snapshot(shards, running);
        },
        executor);
  }

  private static CompletionStage<ShardRegion.CurrentShardRegionState> ask(
      ActorSystem<?> system,
      ClusterSharding sharding,
      EntityTypeKey<PartitionProtocol.Command> type,
      Duration timeout) {
    return AskPattern.ask(
        sharding.shardState(),
        replyTo -> new GetShardRegionState(type, replyTo),
        timeout,
        system.scheduler());
  }

  private static void collect(
      EntityTypeKey<PartitionProtocol.Command> type,
      ShardRegion.CurrentShardRegionState state,
      Set<String> shards,
      List<Running> running) {
    for (ShardRegion.ShardState shard : state.getShards()) {
      String name = type.name() + "/" + shard.shardId();
      shards.add(name);
      for (String entityId : shard.getEntityIds()) {
        running.add(new Running(PartitionId.parse(entityId), name, type));
      }
    }
  }
}
