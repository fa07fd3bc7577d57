package io.switchboard.internal.directory;

import io.switchboard.internal.partition.DurablePartition;
import io.switchboard.internal.partition.PartitionId;
import io.switchboard.internal.partition.TransientPartition;
import io.switchboard.internal.protocol.PartitionProtocol;
import io.switchboard.internal.topic.TopicEntry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * The sharding addresses of the partitions of each topic incarnation, made once: an entity
 * reference costs an entity id string and its URL encoding, and every publish and ack needs one.
 * Thread-safe; one entry per topic name, replaced when a new incarnation (or a partition past the
 * cached ones) is asked for, dropped when the catalog no longer has the topic.
 */
final class PartitionRefs {
  private final ActorSystem<?> system;
  private final ConcurrentHashMap<String, Refs> byTopic = new ConcurrentHashMap<>();

  PartitionRefs(ActorSystem<?> system) {
    this.system = system;
  }

  /** Returns the address of partition {@code partition} of {@code topic}'s incarnation. */
  RecipientRef<PartitionProtocol.Command> get(TopicEntry topic, int partition) {
    String name = topic.config().name();
    Refs refs = byTopic.get(name);
    if (refs == null || !refs.matches(topic, partition)) {
      refs = new Refs(topic, Math.max(partition + 1, topic.config().partitions()));
      byTopic.put(name, refs);
    }
    return refs.refs[partition];
  }

  /**
   * Forgets the addresses of topics not in {@code topics} (deleted ones), so the cache stays
   * bounded.
   */
  void retain(Set<String> topics) {
    // Only topics that were used are here: this walks those, not the whole catalog.
    byTopic.keySet().removeIf(name -> !topics.contains(name));
  }

  private final class Refs {
    private final long incarnation;
    private final boolean durable;
    private final RecipientRef<PartitionProtocol.Command>[] refs;

    @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array is made raw, then typed
    Refs(TopicEntry topic, int count) {
      incarnation = topic.incarnation();
      durable = topic.config().durable();
      refs = new RecipientRef[count];
      for (int p = 0; p < count; p++) {
        String entityId = new PartitionId(topic.config().name(), incarnation, p).entityId();
        EntityRef<PartitionProtocol.Command> ref =
            ClusterSharding.get(system)
                .entityRefFor(
                    durable ? DurablePartition.ENTITY_TYPE_KEY : TransientPartition.ENTITY_TYPE_KEY,
                    entityId);
        refs[p] = ref;
      }
    }

    boolean matches(TopicEntry topic, int partition) {
      return incarnation == topic.incarnation()
          && durable == topic.config().durable()
          && partition < refs.length;
    }
  }
}
