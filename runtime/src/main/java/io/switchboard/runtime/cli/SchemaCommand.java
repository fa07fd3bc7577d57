package io.switchboard.runtime.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.internal.JournalTables;
import io.switchboard.runtime.node.NodeConfig;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code schema}: creates the journal tables of the configured database, then exits. */
@Command(
    name = "schema",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Create the journal and snapshot tables if missing (idempotent), then exit.",
      "Nodes do this at start too; use it to prepare a database ahead of time, e.g. --profile postgres."
    })
public final class SchemaCommand implements Callable<Integer> {
  // A one-shot command's wait for the database; the connection pool's own timeouts
  // (pekko-persistence-jdbc's slick.db settings) fail a dead database sooner.
  private static final long TIMEOUT_SECONDS = 60;

  @Mixin JournalOptions options = new JournalOptions();

  @Override
  public Integer call() {
    Config config;
    try {
      config =
          ConfigFactory.parseString("pekko.actor.provider = local")
              .withFallback(NodeConfig.loadJournal(options.toSettings()));
    } catch (IllegalArgumentException e) {
      System.err.println("schema: " + e.getMessage());
      return 2;
    }
    String plugin = config.getString("pekko.persistence.journal.plugin");
    if (!plugin.equals("jdbc-journal")) {
      System.out.println(
          "schema: nothing to create: the journal is "
              + plugin
              + " (tables exist only for jdbc-journal, e.g. --profile postgres)");
      return 0;
    }
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "switchboard-schema", config);
    try {
      JournalTables.createIfMissing(system)
          .toCompletableFuture()
          .orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
          .join();
      System.out.println(
          "schema: journal tables are in place ("
              + config.getString("pekko-persistence-jdbc.shared-databases.slick.db.url")
              + ")");
      return 0;
    } catch (CompletionException e) {
      System.err.println(
          "schema: failed (is the database reachable and created?): " + e.getCause());
      return 1;
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
    }
  }
}
