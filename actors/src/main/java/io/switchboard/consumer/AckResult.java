package io.switchboard.consumer;

import io.switchboard.message.CborSerializable;
import java.util.List;

/**
 * The answer to an ack or nack: which receipts took effect and which were refused (unknown, already
 * settled, or from an attempt whose lease has ended).
 */
public record AckResult(List<Receipt> accepted, List<Receipt> rejected)
    implements CborSerializable {}
