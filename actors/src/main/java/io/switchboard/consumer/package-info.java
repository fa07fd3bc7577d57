/**
 * Consuming, as a user sees it: a {@link io.switchboard.consumer.Delivery} per message, settled by
 * its {@link io.switchboard.consumer.Receipt}; the engines are in {@code
 * io.switchboard.internal.consumer}.
 */
package io.switchboard.consumer;
