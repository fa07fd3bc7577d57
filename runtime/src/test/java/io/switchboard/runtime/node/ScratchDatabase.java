package io.switchboard.runtime.node;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The local PostgreSQL (127.0.0.1:5432, user postgres, trust) that multi-node tests put their
 * journal in.
 */
final class ScratchDatabase {
  private static final String PG = "jdbc:postgresql://127.0.0.1:5432/";

  private ScratchDatabase() {}

  /** Returns the JDBC URL of {@code database}. */
  static String url(String database) {
    return PG + database;
  }

  /** Returns whether the server answers. */
  static boolean reachable() {
    try (Connection connection = DriverManager.getConnection(PG + "postgres", "postgres", "")) {
      return connection.isValid(5);
    } catch (SQLException e) {
      return false;
    }
  }

  /** Runs one statement on the server's {@code postgres} database (CREATE/DROP DATABASE). */
  static void execute(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(PG + "postgres", "postgres", "");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
