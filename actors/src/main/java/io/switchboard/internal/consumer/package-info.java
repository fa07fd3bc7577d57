/**
 * The consumer engines: {@link io.switchboard.internal.consumer.StreamConsumer} behind every {@code
 * Switchboard.source}/{@code consume}, {@link io.switchboard.internal.consumer.PullConsumer} behind
 * {@code pull}; both join a group on every partition through a {@link
 * io.switchboard.internal.consumer.Subscription}.
 */
package io.switchboard.internal.consumer;
