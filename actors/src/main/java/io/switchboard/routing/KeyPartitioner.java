package io.switchboard.routing;

/**
 * Picks a message's partition: a keyed message always lands on the same partition (stable hash);
 * messages without a key spread evenly in turn.
 *
 * <p>One instance per producer; not thread-safe for unkeyed messages.
 */
public final class KeyPartitioner {
  private int nextUnkeyed;

  /** Returns the partition in {@code [0, partitions)} of a keyed message. */
  public static int partitionOf(String key, int partitions) {
    return Math.floorMod(StableHash.of(key), partitions);
  }

  /** Returns the partition for this message's key, or the next in turn when the key is null. */
  public int partition(String key, int partitions) {
    if (key != null) {
      return partitionOf(key, partitions);
    }
    int partition = Math.floorMod(nextUnkeyed, partitions);
    nextUnkeyed = partition + 1;
    return partition;
  }
}
