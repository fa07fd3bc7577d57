package io.switchboard.runtime.gateway;

import io.switchboard.Switchboard;
import io.switchboard.settings.CheckedConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ddata.LWWRegister;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;

/**
 * This node's side of the run-time pools: sends definitions to the {@link PoolRegistry} and hands
 * each replicated version to the gateway; a change answers once this node's gateway serves it.
 */
final class PoolAdmin {
  private final ActorSystem<?> system;
  private final ActorRef<PoolRegistry.Command> registry;
  private final Duration timeout;

  /** Callers waiting for this node to apply a version, by that version. */
  private final ConcurrentSkipListMap<Long, CompletableFuture<Long>> waiting =
      new ConcurrentSkipListMap<>();

  private volatile long applied;

  private PoolAdmin(
      ActorSystem<?> system, ActorRef<PoolRegistry.Command> registry, Duration timeout) {
    this.system = system;
    this.registry = registry;
    this.timeout = timeout;
  }

  /**
   * Starts the registry singleton and this node's replica, which calls {@code gateway} with each
   * version.
   */
  static PoolAdmin start(ActorSystem<?> system, Consumer<PoolDefinitions> gateway) {
    // the HTTP API's ask timeout: pool changes arrive through it (read once, at start)
    Duration timeout =
        CheckedConfig.of(system.settings().config(), "switchboard.http").positive("ask-timeout");
    PoolAdmin admin =
        new PoolAdmin(
            system,
            PoolRegistry.init(system, Switchboard.get(system).settings().registryRestart()),
            timeout);
    system.systemActorOf(
        Behaviors.<Replicator.SubscribeResponse<LWWRegister<PoolDefinitions>>>setup(
            context -> {
              DistributedData.get(context.getSystem())
                  .replicator()
                  .tell(new Replicator.Subscribe<>(PoolPublisher.KEY, context.getSelf()));
              return Behaviors.receiveMessage(
                  response -> {
                    if (response
                        instanceof Replicator.Changed<LWWRegister<PoolDefinitions>> changed) {
                      admin.apply(changed.get(PoolPublisher.KEY).value(), gateway);
                    }
                    return Behaviors.same();
                  });
            }),
        "switchboard-gateway-pool-replica",
        Props.empty());
    return admin;
  }

  /**
   * Stores {@code definition} (validated) as {@code model}'s pool; completes once this node serves
   * it.
   */
  CompletionStage<Long> define(String model, String definition) {
    return AskPattern.<PoolRegistry.Command, Long>askWithStatus(
            registry,
            reply -> new PoolRegistry.Define(model, definition, reply),
            timeout,
            system.scheduler())
        .thenComposeAsync(this::appliedHere, system.executionContext());
  }

  /**
   * Deletes {@code model}'s run-time pool; completes once this node no longer serves it, or fails
   * with {@link UnknownPool} when no such pool is defined at run time.
   */
  CompletionStage<Long> delete(String model) {
    return AskPattern.<PoolRegistry.Command, PoolRegistry.Deleted>askWithStatus(
            registry, reply -> new PoolRegistry.Delete(model, reply), timeout, system.scheduler())
        .thenComposeAsync(
            deleted ->
                deleted.known()
                    ? appliedHere(deleted.version())
                    : CompletableFuture.failedFuture(new UnknownPool(model)),
            system.executionContext());
  }

  /** No pool of this model is defined at run time. */
  static final class UnknownPool extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnknownPool(String model) {
      super("no pool '" + model + "' is defined at run time");
    }
  }

  private void apply(PoolDefinitions pools, Consumer<PoolDefinitions> gateway) {
    gateway.accept(pools);
    applied = Math.max(applied, pools.version());
    Map<Long, CompletableFuture<Long>> due = waiting.headMap(applied, true);
    due.values().forEach(future -> future.complete(applied));
    due.clear();
  }

  private CompletionStage<Long> appliedHere(long version) {
    if (applied >= version) {
      return CompletableFuture.completedFuture(version);
    }
    CompletableFuture<Long> future =
        waiting.computeIfAbsent(version, v -> new CompletableFuture<>());
    if (applied >= version) { // applied between the check and the registration
      future.complete(version);
    }
    return future.orTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }
}
