/**
 * The client's wiring: the Publish stream with its window ({@link
 * io.switchboard.client.internal.PublishChannel}), the Consume stream as a stage ({@link
 * io.switchboard.client.internal.ConsumeStage}), the administrative calls ({@link
 * io.switchboard.client.internal.RemoteAdmin}), wire conversions and errors.
 */
package io.switchboard.client.internal;
