package io.switchboard.consumer;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import io.switchboard.message.CborSerializable;

/**
 * Names one delivery of one message to a group: acks and nacks quote it. A receipt from an
 * earlier attempt no longer settles the message (its lease ended and it was redelivered).
 */
public record Receipt(int partition, long offset, int attempt) implements CborSerializable {

  /** Returns the text form {@code partition-offset-attempt}, as used by the HTTP API. */
  public String encode() {
    return partition + "-" + offset + "-" + attempt;
  }

  /** Parses {@link #encode()}'s form, or throws {@code UNKNOWN_RECEIPT}. */
  public static Receipt parse(String text) {
    String[] parts = text == null ? new String[0] : text.split("-", -1);
    try {
      if (parts.length == 3) {
        Receipt receipt = new Receipt(
            Integer.parseInt(parts[0]), Long.parseLong(parts[1]), Integer.parseInt(parts[2]));
        if (receipt.partition >= 0 && receipt.offset >= 0 && receipt.attempt >= 1) {
          return receipt;
        }
      }
    } catch (NumberFormatException e) {
      // falls through to the error below
    }
    throw new SwitchboardException(ErrorCode.UNKNOWN_RECEIPT,
        "malformed receipt '" + text + "': expected partition-offset-attempt");
  }
}
