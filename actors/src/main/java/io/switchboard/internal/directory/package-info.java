/**
 * Finding a topic's partitions from any node: {@link
 * io.switchboard.internal.directory.TopicDirectory} reads the local catalog (asking the registry
 * only for a topic it does not know) and {@link io.switchboard.internal.directory.PartitionRefs}
 * gives the sharding reference of each partition.
 */
package io.switchboard.internal.directory;
