package io.switchboard.internal;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.pattern.Patterns;

/**
 * Creates the tables of pekko-persistence-jdbc (journal, tags, snapshots) when they are missing,
 * from the DDL scripts the plugin ships, then checks that they are there.
 *
 * <p>The scripts are not idempotent throughout (an index without {@code IF NOT EXISTS}), so a
 * statement that fails is passed over, as the plugin's own schema helper does; what counts is the
 * check after. Retried, because nodes starting together race on one PostgreSQL database. (The
 * plugin's helper lives in its testkit package, which main code should not depend on.)
 */
public final class JournalTables {
  // Not limits: nodes that start together race on one database; a loser's attempt fails and
  // passes once the winner's tables exist (a real fault fails every attempt, about 5 s).
  private static final int ATTEMPTS = 5;
  private static final Duration BETWEEN_ATTEMPTS = Duration.ofSeconds(1);

  /** The plugin writes the current layout with this DAO and the legacy one with any other. */
  private static final String DEFAULT_DAO =
      "org.apache.pekko.persistence.jdbc.journal.dao.DefaultJournalDao";

  /** Dialects whose scripts are plain statements separated by ';' (Oracle's use PL/SQL blocks). */
  private static final List<String> DIALECTS = List.of("postgres", "h2", "mysql");

  private JournalTables() {}

  /**
   * Creates the tables named by {@code switchboard.schema-config} if needed, on the blocking
   * dispatcher; the stage fails when the database cannot be reached or the tables are missing
   * after.
   */
  public static CompletionStage<Done> createIfMissing(ActorSystem<?> system) {
    Config config = system.settings().config();
    var blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    return Patterns.retry(
        () -> CompletableFuture.supplyAsync(() -> create(config), blocking),
        ATTEMPTS,
        BETWEEN_ATTEMPTS,
        system.classicSystem().scheduler(),
        system.executionContext());
  }

  private static Done create(Config config) {
    Config block = config.getConfig(config.getString("switchboard.schema-config"));
    Config database =
        block.hasPath("use-shared-db")
            ? config.getConfig(
                "pekko-persistence-jdbc.shared-databases." + block.getString("use-shared-db"))
            : block.getConfig("slick");
    boolean legacy = block.hasPath("dao") && !block.getString("dao").equals(DEFAULT_DAO);
    String dialect = dialect(database.getString("profile"));
    String script =
        script(
            "schema/"
                + dialect
                + "/"
                + dialect
                + "-create-schema"
                + (legacy ? "-legacy" : "")
                + ".sql");
    Config db = database.getConfig("db");
    try (Connection connection =
            DriverManager.getConnection(
                db.getString("url"),
                db.hasPath("user") ? db.getString("user") : null,
                db.hasPath("password") ? db.getString("password") : null);
        Statement statement = connection.createStatement()) {
      connection.setAutoCommit(true); // CREATE INDEX CONCURRENTLY refuses a transaction
      for (String ddl : script.split(";")) {
        if (!ddl.isBlank()) {
          try {
            statement.executeUpdate(ddl.trim());
          } catch (SQLException alreadyThere) {
            // e.g. the index of a table created before; the check below decides
          }
        }
      }
      for (String table : List.of(legacy ? "journal" : "event_journal", "snapshot")) {
        statement.executeQuery("SELECT 1 FROM \"" + table + "\" WHERE 1 = 0").close();
      }
      return Done.getInstance();
    } catch (SQLException e) {
      throw new IllegalStateException("journal tables: " + e.getMessage(), e);
    }
  }

  private static String dialect(String slickProfile) {
    String profile = slickProfile.toLowerCase(Locale.ROOT);
    return DIALECTS.stream()
        .filter(profile::contains)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "journal tables: cannot create tables for Slick profile "
                        + slickProfile
                        + " (known: "
                        + DIALECTS
                        + "); create them with the plugin's script and set switchboard.create-schema = off"));
  }

  private static String script(String resource) {
    try (InputStream in = JournalTables.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "journal tables: " + resource + " is not on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("journal tables: cannot read " + resource, e);
    }
  }
}
