/**
 * A topic's partitions: {@link io.switchboard.internal.partition.DurablePartition} (event-sourced)
 * and {@link io.switchboard.internal.partition.TransientPartition} (in memory) share one core,
 * which groups publishes and acks into writes and hands messages to each group's consumers. A
 * durable partition keeps only a window of message bodies in memory ({@link
 * io.switchboard.internal.partition.BodyWindow}); the rest are read back from its journal ({@link
 * io.switchboard.internal.partition.PageReader}).
 */
package io.switchboard.internal.partition;
