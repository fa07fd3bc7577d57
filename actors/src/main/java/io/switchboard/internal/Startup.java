package io.switchboard.internal;

import io.switchboard.SwitchboardSettings;
import io.switchboard.internal.directory.TopicDirectory;
import io.switchboard.internal.group.ConsumerGroupBalancer;
import io.switchboard.internal.partition.DurablePartition;
import io.switchboard.internal.partition.PartitionEnvironment;
import io.switchboard.internal.partition.TransientPartition;
import io.switchboard.internal.request.ReplyStream;
import io.switchboard.internal.topic.CatalogReplica;
import io.switchboard.internal.topic.TopicRegistry;
import io.switchboard.request.RequestMetrics;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.pattern.Patterns;

/**
 * Brings Switchboard up on a node: the journal schema first (nothing may write before it exists),
 * then the registry singleton, the catalog replica and the partitions' sharding.
 */
public final class Startup {
  private Startup() {}

  public static CompletionStage<Done> start(
      ActorSystem<?> system,
      TopicDirectory directory,
      SwitchboardSettings settings,
      RequestMetrics requestMetrics) {
    var config = system.settings().config();
    boolean jdbc = config.getString("pekko.persistence.journal.plugin").equals("jdbc-journal");
    CompletionStage<Done> schema =
        jdbc && settings.createSchema()
            ? JournalTables.createIfMissing(system)
            : CompletableFuture.completedFuture(Done.getInstance());
    return schema.thenApplyAsync(
        done -> {
          system.systemActorOf(
              CatalogReplica.create(directory::offer), "switchboard-catalog", Props.empty());
          directory.attach(TopicRegistry.init(system, settings.registryRestart()));
          PartitionEnvironment environment =
              PartitionEnvironment.of(
                  config.getConfig("switchboard"),
                  directory::resolve,
                  directory::deadLetterPartition);
          DurablePartition.init(system, environment);
          ConsumerGroupBalancer.init(
              system,
              settings.loadReportInterval().multipliedBy(3),
              settings.consumer().balancerPassivateAfter());
          TransientPartition.init(system, environment);
          ReplyStream.init(
              system, settings.requests(), java.time.Clock.systemUTC(), requestMetrics);
          return Done.getInstance();
        },
        system.executionContext());
  }

  // Not a limit: switchboard.startup-timeout (the limit) is split into this many asks, so that
  // one ask lost while the registry moves costs a tenth of it, not all of it.
  private static final int REGISTRY_ATTEMPTS = 10;

  /**
   * Completes when the registry answers: it may still be starting (singleton hand-over, journal
   * recovery), so it is asked again until {@code timeout} (switchboard.startup-timeout) has passed.
   */
  public static CompletionStage<Done> awaitRegistry(
      ActorSystem<?> system, TopicDirectory directory, java.time.Duration timeout) {
    return Patterns.retry(
            () -> directory.refresh(),
            REGISTRY_ATTEMPTS,
            timeout.dividedBy(REGISTRY_ATTEMPTS),
            system.classicSystem().scheduler(),
            system.executionContext())
        .thenApplyAsync(catalog -> Done.getInstance(), system.executionContext());
  }
}
