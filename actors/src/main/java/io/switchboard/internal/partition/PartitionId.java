package io.switchboard.internal.partition;

/**
 * Names a partition of one incarnation of a topic; the incarnation keeps a deleted topic's journal
 * apart from a new topic of the same name.
 */
public record PartitionId(String topic, long incarnation, int partition) {
  private static final String SEPARATOR = "~";

  /** Returns the sharding entity id (also the persistence id's suffix). */
  public String entityId() {
    return topic + SEPARATOR + incarnation + SEPARATOR + partition;
  }

  /** Parses {@link #entityId()}. Topic names never contain the separator. */
  public static PartitionId parse(String entityId) {
    String[] parts = entityId.split(SEPARATOR);
    if (parts.length != 3) {
      throw new IllegalArgumentException("not a partition entity id: " + entityId);
    }
    return new PartitionId(parts[0], Long.parseLong(parts[1]), Integer.parseInt(parts[2]));
  }
}
