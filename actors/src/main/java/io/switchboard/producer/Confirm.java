package io.switchboard.producer;

import io.switchboard.message.CborSerializable;

/**
 * A publish the partition has stored (for a durable topic: persisted in the journal).
 *
 * @param duplicate true when the idempotency key was seen within the window and the message was not
 *     stored again; {@code offset} then is the first copy's
 */
public record Confirm(String messageId, String topic, int partition, long offset, boolean duplicate)
    implements CborSerializable {}
