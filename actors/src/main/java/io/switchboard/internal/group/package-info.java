/**
 * The load balancer of a consumer group: {@link
 * io.switchboard.internal.group.ConsumerGroupBalancer} sums what every partition reports of each
 * consumer's load, off the per-message path.
 */
package io.switchboard.internal.group;
