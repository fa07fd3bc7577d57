/** Consuming: a {@link io.switchboard.consumer.Delivery} per message, settled by its receipt. */
package io.switchboard.consumer;
