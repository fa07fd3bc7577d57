package io.switchboard.runtime.lease;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.cluster.sharding.typed.HashCodeMessageExtractor;

/**
 * Keeps a node that lost a lease from writing the journal of what the lease guards. A sharded
 * entity's persistence id ({@code type|entity}) maps to its shard's lease, a singleton's to the
 * singleton's lease, the names Pekko gives them. Checked twice: in memory before a write is sent
 * ({@link #unheldLease}: the lease keeper's own deadline, so a thawed node refuses at once), and in
 * the journal's transaction ({@link #verify}: the row is this node's and unexpired, locked FOR KEY
 * SHARE until the commit, so a new holder's acquire waits for the commit and then sees the write).
 * Persistence ids no lease guards are not fenced.
 */
public final class JournalFence {
  private final LeaseKeeper keeper;
  private final String system;
  private final HashCodeMessageExtractor<Object> shards;
  private final Map<String, String> singletons;

  /**
   * A fence for actor system {@code system} with sharding's {@code numberOfShards}; {@code
   * singletons} maps a singleton's persistence id to the singleton's name.
   */
  public JournalFence(
      LeaseKeeper keeper, String system, int numberOfShards, Map<String, String> singletons) {
    this.keeper = keeper;
    this.system = system;
    this.shards = new HashCodeMessageExtractor<>(numberOfShards);
    this.singletons = Map.copyOf(singletons);
  }

  /** Returns the name of the lease guarding {@code persistenceId}, if one does. */
  public Optional<String> leaseOf(String persistenceId) {
    String singleton = singletons.get(persistenceId);
    if (singleton != null) {
      return Optional.of(
          system + "-singleton-pekko://" + system + "/system/singletonManager" + singleton);
    }
    int separator = persistenceId.indexOf('|');
    if (separator <= 0) {
      return Optional.empty();
    }
    String type = persistenceId.substring(0, separator);
    String entity = persistenceId.substring(separator + 1);
    return Optional.of(system + "-shard-" + type + "-" + shards.shardId(entity));
  }

  /** Returns the lease guarding {@code persistenceId} that this node does not hold now, if any. */
  public Optional<String> unheldLease(String persistenceId) {
    return leaseOf(persistenceId).filter(lease -> keeper.heldOwner(lease).isEmpty());
  }

  /**
   * In the open transaction of {@code connection}: checks that this node holds, unexpired in the
   * table, every lease guarding {@code persistenceIds}, and locks those rows until the transaction
   * ends. Throws {@link FencedWriteException} when one is not held.
   */
  public void verify(Connection connection, Collection<String> persistenceIds) throws SQLException {
    Map<String, String> owners = new LinkedHashMap<>();
    for (String persistenceId : persistenceIds) {
      Optional<String> lease = leaseOf(persistenceId);
      if (lease.isPresent() && !owners.containsKey(lease.get())) {
        owners.put(
            lease.get(),
            keeper
                .heldOwner(lease.get())
                .orElseThrow(() -> new FencedWriteException(persistenceId, lease.get())));
      }
    }
    if (owners.isEmpty()) {
      return;
    }
    List<String> locked = lock(connection, owners);
    for (Map.Entry<String, String> lease : owners.entrySet()) {
      if (!locked.contains(lease.getKey())) {
        throw new FencedWriteException(persistenceIds.toString(), lease.getKey());
      }
    }
  }

  private List<String> lock(Connection connection, Map<String, String> owners) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT l.name FROM "
                + keeper.table()
                + " l JOIN unnest(?::text[], ?::text[]) AS h(name, owner) ON l.name = h.name AND l.owner = h.owner"
                + " WHERE l.expires_at > clock_timestamp() FOR KEY SHARE OF l")) {
      Array names = connection.createArrayOf("text", owners.keySet().toArray());
      Array holders = connection.createArrayOf("text", owners.values().toArray());
      statement.setArray(1, names);
      statement.setArray(2, holders);
      List<String> locked = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          locked.add(rows.getString(1));
        }
      }
      return locked;
    }
  }
}
