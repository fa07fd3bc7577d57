package io.switchboard.runtime.lease;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The settings of the PostgreSQL lease, read from its config path ({@code switchboard.lease}).
 *
 * @param url JDBC URL of the database holding the lease table (the journal's)
 * @param user database user
 * @param password its password
 * @param table name of the lease table
 * @param timeToLive how long a lease stays held without a renewal ({@code heartbeat-timeout})
 * @param heartbeatInterval how often the holder renews its leases
 * @param operationTimeout longest wait for one acquire, renewal or release
 */
public record PostgresLeaseSettings(
    String url,
    String user,
    String password,
    String table,
    Duration timeToLive,
    Duration heartbeatInterval,
    Duration operationTimeout) {
  private static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  /** Validates the values; throws {@link IllegalArgumentException} naming the setting and value. */
  public PostgresLeaseSettings {
    if (url.isBlank()) {
      throw new IllegalArgumentException(
          "switchboard.lease.url is empty: the postgres profile sets it "
              + "from switchboard.postgres.url");
    }
    if (!TABLE.matcher(table).matches()) {
      throw new IllegalArgumentException(
          "switchboard.lease.table must be a lower-case SQL name, got '" + table + "'");
    }
    if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
      throw new IllegalArgumentException(
          "switchboard.lease.heartbeat-interval must be > 0, got " + heartbeatInterval);
    }
    if (timeToLive.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException(
          "switchboard.lease.heartbeat-timeout must be at least twice "
              + "heartbeat-interval ("
              + heartbeatInterval
              + "), got "
              + timeToLive);
    }
    if (operationTimeout.isNegative()
        || operationTimeout.isZero()
        || operationTimeout.compareTo(timeToLive) >= 0) {
      throw new IllegalArgumentException(
          "switchboard.lease.lease-operation-timeout must be > 0 and below "
              + "heartbeat-timeout ("
              + timeToLive
              + "), got "
              + operationTimeout);
    }
  }

  /** Reads the settings at a lease config path (the keys Pekko's lease settings use, plus ours). */
  public static PostgresLeaseSettings fromConfig(Config lease) {
    return new PostgresLeaseSettings(
        lease.getString("url"),
        lease.getString("user"),
        lease.getString("password"),
        lease.getString("table"),
        lease.getDuration("heartbeat-timeout"),
        lease.getDuration("heartbeat-interval"),
        lease.getDuration("lease-operation-timeout"));
  }
}
