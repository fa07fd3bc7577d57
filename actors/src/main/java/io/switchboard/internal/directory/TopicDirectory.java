package io.switchboard.internal.directory;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import io.switchboard.internal.ask.Asks;
import io.switchboard.internal.partition.PartitionId;
import io.switchboard.internal.protocol.PartitionProtocol;
import io.switchboard.internal.topic.Catalog;
import io.switchboard.internal.topic.TopicEntry;
import io.switchboard.internal.topic.TopicRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * This node's view of topics: the replicated catalog, read locally, with the registry asked when a
 * topic is not (yet) known here; and the partitions' addresses.
 */
public final class TopicDirectory {
  private final ActorSystem<?> system;
  private final Asks asks;
  private final AtomicReference<Catalog> catalog = new AtomicReference<>(Catalog.EMPTY);
  private volatile ActorRef<TopicRegistry.Command> registry;
  private final PartitionRefs partitionRefs;

  public TopicDirectory(ActorSystem<?> system, Asks asks) {
    this.system = system;
    this.asks = asks;
    this.partitionRefs = new PartitionRefs(system);
  }

  /** Gives the directory the registry's proxy, once startup has made it. */
  public void attach(ActorRef<TopicRegistry.Command> registryRef) {
    this.registry = registryRef;
  }

  public ActorRef<TopicRegistry.Command> registry() {
    return registry;
  }

  /** Keeps the newer of the current and the offered catalog. */
  public void offer(Catalog next) {
    Catalog current = catalog.accumulateAndGet(next, (a, b) -> b.version() > a.version() ? b : a);
    partitionRefs.retain(current.topics().keySet());
  }

  public Catalog catalog() {
    return catalog.get();
  }

  /** Returns the catalog fresh from the registry (and keeps it). */
  public CompletionStage<Catalog> refresh() {
    return asks.<TopicRegistry.Command, Catalog>ask(registry, TopicRegistry.GetCatalog::new)
        .thenApplyAsync(
            fresh -> {
              offer(fresh);
              return catalog.get();
            },
            system.executionContext());
  }

  /**
   * Returns the catalog fresh from the registry, failing when it gives none within {@code timeout}.
   */
  public CompletionStage<Catalog> refresh(Duration timeout) {
    return AskPattern.<TopicRegistry.Command, Catalog>ask(
            registry, TopicRegistry.GetCatalog::new, timeout, system.scheduler())
        .thenApplyAsync(
            fresh -> {
              offer(fresh);
              return catalog.get();
            },
            system.executionContext());
  }

  /** Returns the topic, asking the registry when this node does not know it. */
  public CompletionStage<TopicEntry> topic(String name) {
    Optional<TopicEntry> local = catalog.get().topic(name);
    if (local.isPresent()) {
      return CompletableFuture.completedFuture(local.get());
    }
    return refresh()
        .thenApplyAsync(
            fresh ->
                fresh
                    .topic(name)
                    .orElseThrow(
                        () ->
                            new SwitchboardException(
                                ErrorCode.UNKNOWN_TOPIC, "topic '" + name + "' does not exist")),
            system.executionContext());
  }

  /** Returns the settings of the partition's topic incarnation, empty when it was deleted. */
  public CompletionStage<Optional<TopicEntry>> resolve(PartitionId id) {
    Optional<TopicEntry> local = matching(catalog.get(), id);
    if (local.isPresent()) {
      return CompletableFuture.completedFuture(local);
    }
    return refresh().thenApplyAsync(fresh -> matching(fresh, id), system.executionContext());
  }

  private static Optional<TopicEntry> matching(Catalog catalog, PartitionId id) {
    return catalog.topic(id.topic()).filter(entry -> entry.incarnation() == id.incarnation());
  }

  /** Returns the address of a partition of a topic. */
  public RecipientRef<PartitionProtocol.Command> partition(TopicEntry topic, int partition) {
    if (partition < 0) {
      throw new IllegalArgumentException("a negative partition: " + partition);
    }
    return partitionRefs.get(topic, partition);
  }

  /** Returns the partition that keeps a topic's dead letters, or null (dead-letter topics). */
  public RecipientRef<PartitionProtocol.Command> deadLetterPartition(String topic) {
    Optional<TopicEntry> entry =
        catalog.get().topic(io.switchboard.message.Names.deadLetterTopic(topic));
    return entry.map(e -> partition(e, 0)).orElse(null);
  }
}
