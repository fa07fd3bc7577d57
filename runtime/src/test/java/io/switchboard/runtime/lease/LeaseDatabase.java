package io.switchboard.runtime.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;

/**
 * The real PostgreSQL of the tests (127.0.0.1:5432, database switchboard) with a table per test
 * class.
 */
final class LeaseDatabase {
  static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
  static final String URL = SERVER + "switchboard";

  private LeaseDatabase() {}

  /**
   * Skips the test when PostgreSQL is unreachable, unless CI is set (then it must be there);
   * creates the database switchboard when it is missing.
   */
  static void assumeReachable() {
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    boolean reachable;
    try (Connection server = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
        Statement statement = server.createStatement()) {
      reachable = server.isValid(5);
      if (!statement
          .executeQuery("SELECT 1 FROM pg_database WHERE datname = 'switchboard'")
          .next()) {
        statement.execute("CREATE DATABASE switchboard");
      }
    } catch (SQLException e) {
      reachable = false;
    }
    Assumptions.assumeTrue(
        reachable || ci, "PostgreSQL on 127.0.0.1:5432 is unreachable and CI is not set");
    assertThat(reachable)
        .as("PostgreSQL must be reachable on 127.0.0.1:5432 when CI=true")
        .isTrue();
  }

  /** Settings on a fresh table: time to live 2 s, heartbeat 300 ms, operation timeout 1 s. */
  static PostgresLeaseSettings settings(String table) {
    return new PostgresLeaseSettings(
        URL,
        "postgres",
        "",
        table,
        Duration.ofSeconds(2),
        Duration.ofMillis(300),
        Duration.ofSeconds(1));
  }

  static Connection connect() throws SQLException {
    return DriverManager.getConnection(URL, "postgres", "");
  }

  static void drop(String table) throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + table);
    }
  }
}
