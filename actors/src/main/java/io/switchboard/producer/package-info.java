/** Publishing: the {@link io.switchboard.producer.Confirm} a durable publish waits for. */
package io.switchboard.producer;
