/**
 * A topic's partitions: {@link io.switchboard.partition.DurablePartition} (event-sourced) and
 * {@link io.switchboard.partition.TransientPartition} (in memory) share one core, which groups
 * publishes and acks into writes and hands messages to each group's consumers.
 */
package io.switchboard.partition;
