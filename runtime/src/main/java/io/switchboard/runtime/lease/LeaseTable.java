package io.switchboard.runtime.lease;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * The lease table over one JDBC connection. The database's clock decides expiry, so the nodes'
 * clocks need not agree. Not thread-safe: one caller at a time (the keeper's SQL thread).
 */
final class LeaseTable implements AutoCloseable {
  private final PostgresLeaseSettings settings;
  private final double ttlSeconds;
  private final int timeoutSeconds;
  private Connection connection;

  LeaseTable(PostgresLeaseSettings settings) {
    this.settings = settings;
    this.ttlSeconds = settings.timeToLive().toMillis() / 1000.0;
    this.timeoutSeconds = (int) Math.max(1, (settings.operationTimeout().toMillis() + 999) / 1000);
  }

  /** Creates the table when it is missing. */
  void createIfMissing() throws SQLException {
    String sql =
        "CREATE TABLE IF NOT EXISTS "
            + settings.table()
            + " (name text PRIMARY KEY, owner text NOT NULL, expires_at timestamptz NOT NULL)";
    try {
      run(
          connection -> {
            try (Statement statement = connection.createStatement()) {
              statement.setQueryTimeout(timeoutSeconds);
              statement.execute(sql);
            }
            return null;
          });
    } catch (SQLException concurrentCreate) {
      // Two nodes creating the table at once: one of them gets a unique violation on the catalog.
      run(
          connection -> {
            try (Statement statement = connection.createStatement()) {
              statement.execute(sql);
            }
            return null;
          });
    }
  }

  /**
   * Takes the lease when free, expired or already this owner's; returns whether it is held now. It
   * first locks the row FOR UPDATE, which waits for every journal transaction that verified the
   * previous holder ({@link JournalFence}, FOR KEY SHARE): nothing the previous holder writes can
   * commit once the lease has changed hands.
   */
  boolean acquire(String name, String owner) throws SQLException {
    String table = settings.table();
    return run(
        connection -> {
          connection.setAutoCommit(false);
          try (PreparedStatement lock =
                  connection.prepareStatement(
                      "SELECT 1 FROM " + table + " WHERE name = ? FOR UPDATE");
              PreparedStatement upsert =
                  connection.prepareStatement(
                      "INSERT INTO "
                          + table
                          + " (name, owner, expires_at) VALUES (?, ?, clock_timestamp() + make_interval(secs => ?))"
                          + " ON CONFLICT (name) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at"
                          + " WHERE "
                          + table
                          + ".owner = EXCLUDED.owner OR "
                          + table
                          + ".expires_at <= clock_timestamp()")) {
            lock.setQueryTimeout(timeoutSeconds);
            lock.setString(1, name);
            lock.executeQuery().close();
            upsert.setQueryTimeout(timeoutSeconds);
            upsert.setString(1, name);
            upsert.setString(2, owner);
            upsert.setDouble(3, ttlSeconds);
            boolean acquired = upsert.executeUpdate() == 1;
            connection.commit();
            connection.setAutoCommit(true);
            return acquired;
          }
        });
  }

  /** Extends every lease of {@code leases} still held by its owner; returns the names extended. */
  Set<String> renew(List<HeldLeases.Held> leases) throws SQLException {
    String table = settings.table();
    return run(
        connection -> {
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "UPDATE "
                      + table
                      + " t SET expires_at = clock_timestamp() + make_interval(secs => ?)"
                      + " FROM unnest(?::text[], ?::text[]) AS held(name, owner)"
                      + " WHERE t.name = held.name AND t.owner = held.owner AND t.expires_at > clock_timestamp()"
                      + " RETURNING t.name")) {
            statement.setQueryTimeout(timeoutSeconds);
            statement.setDouble(1, ttlSeconds);
            Array names =
                connection.createArrayOf(
                    "text", leases.stream().map(HeldLeases.Held::name).toArray());
            Array owners =
                connection.createArrayOf(
                    "text", leases.stream().map(HeldLeases.Held::owner).toArray());
            statement.setArray(2, names);
            statement.setArray(3, owners);
            Set<String> renewed = new HashSet<>();
            try (ResultSet rows = statement.executeQuery()) {
              while (rows.next()) {
                renewed.add(rows.getString(1));
              }
            }
            return renewed;
          }
        });
  }

  /** Deletes the lease if {@code owner} holds it; returns whether it did. */
  boolean release(String name, String owner) throws SQLException {
    return run(
        connection -> {
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "DELETE FROM " + settings.table() + " WHERE name = ? AND owner = ?")) {
            statement.setQueryTimeout(timeoutSeconds);
            statement.setString(1, name);
            statement.setString(2, owner);
            return statement.executeUpdate() == 1;
          }
        });
  }

  @Override
  public void close() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // closing a broken connection: nothing left to do
      }
      connection = null;
    }
  }

  private interface Work<T> {
    T apply(Connection connection) throws SQLException;
  }

  private <T> T run(Work<T> work) throws SQLException {
    try {
      return work.apply(connection());
    } catch (SQLException e) {
      close(); // the next operation reconnects
      throw e;
    }
  }

  private Connection connection() throws SQLException {
    if (connection == null) {
      Properties properties = new Properties();
      properties.setProperty("user", settings.user());
      properties.setProperty("password", settings.password());
      properties.setProperty("connectTimeout", Integer.toString(timeoutSeconds));
      // a read stuck on a dead socket must not outlive a heartbeat round by much
      properties.setProperty("socketTimeout", Integer.toString(timeoutSeconds + 1));
      properties.setProperty("ApplicationName", "switchboard-lease");
      connection = DriverManager.getConnection(settings.url(), properties);
      connection.setAutoCommit(true);
    }
    return connection;
  }
}
