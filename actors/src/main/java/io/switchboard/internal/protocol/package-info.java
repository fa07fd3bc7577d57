/**
 * The messages that partitions, consumers, workers and the façade exchange: {@link
 * io.switchboard.internal.protocol.PartitionProtocol}. One home for both sides, so the partition
 * and consumer packages do not import each other.
 */
package io.switchboard.internal.protocol;
