package io.switchboard.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.internal.JournalTables;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal's tables are created from the plugin's scripts, twice without harm, on H2 and
 * PostgreSQL.
 */
class JournalTablesTest {
  private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";

  @TempDir Path dir;

  @Test
  void createsTheTablesOnH2AndAgainWithoutHarm() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("journal") + ";DB_CLOSE_DELAY=-1";
    Config config = settings("slick.jdbc.H2Profile$", url, "sa");
    create(config);
    create(config); // a restart: the tables are there, the script runs again
    assertThat(tables(url, "sa")).contains("event_journal", "event_tag", "snapshot");
  }

  @Test
  void createsTheTablesOnPostgresqlWithTheLayoutOfTheFencedDao() throws Exception {
    String database =
        "switchboard_tables_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection admin = DriverManager.getConnection(POSTGRES + "postgres", "postgres", null)) {
      admin.createStatement().execute("CREATE DATABASE " + database);
    }
    try {
      Config config = settings("slick.jdbc.PostgresProfile$", POSTGRES + database, "postgres");
      create(config);
      create(config);
      assertThat(tables(POSTGRES + database, "postgres"))
          .contains("event_journal", "event_tag", "snapshot");
    } finally {
      try (Connection admin =
          DriverManager.getConnection(POSTGRES + "postgres", "postgres", null)) {
        admin.createStatement().execute("DROP DATABASE " + database + " WITH (FORCE)");
      }
    }
  }

  @Test
  void aDatabaseThatCannotBeReachedFailsTheStage() {
    Config config =
        settings("slick.jdbc.PostgresProfile$", "jdbc:postgresql://127.0.0.1:1/none", "postgres");
    assertThatThrownBy(() -> create(config))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("journal tables");
  }

  private static Config settings(String profile, String url, String user) {
    return ConfigFactory.parseString(
            """
        pekko.actor.provider = local
        switchboard.schema-config = "test-schema"
        test-schema.use-shared-db = "slick"
        test-schema.dao = "org.apache.pekko.persistence.jdbc.journal.dao.DefaultJournalDao"
        pekko-persistence-jdbc.shared-databases.slick { profile = "%s", db { url = "%s", user = "%s" } }
        """
                .formatted(profile, url, user))
        .withFallback(ConfigFactory.load());
  }

  private static void create(Config config) throws Exception {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "tables", config);
    try {
      JournalTables.createIfMissing(system).toCompletableFuture().get(60, TimeUnit.SECONDS);
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static List<String> tables(String url, String user) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(url, user, null);
        ResultSet rows =
            connection.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
      while (rows.next()) {
        names.add(rows.getString("TABLE_NAME").toLowerCase(java.util.Locale.ROOT));
      }
    }
    return names;
  }
}
