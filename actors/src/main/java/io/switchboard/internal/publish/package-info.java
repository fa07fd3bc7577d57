/**
 * Publishing from a node: {@link io.switchboard.internal.publish.Publishing} validates, picks
 * partitions and sends one write per partition; {@link io.switchboard.internal.publish.PublishFlow}
 * is the batching publisher stream.
 */
package io.switchboard.internal.publish;
