package io.switchboard.consumer;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import io.switchboard.message.CborSerializable;
import io.switchboard.routing.StableHash;

/**
 * Names one delivery of one message to a group: acks and nacks quote it. Besides the partition,
 * offset and attempt it carries the partition's {@code epoch} (a new one each time the partition
 * starts, so a receipt from before a restart does not settle the redelivery) and a {@code binding}
 * to the topic incarnation and group, so it settles nothing anywhere else.
 */
public record Receipt(int partition, long offset, int attempt, int epoch, int binding)
    implements CborSerializable {

  private static final int MAX_TEXT = 64;

  /** Returns the binding of a group of one incarnation of a topic. */
  public static int binding(String topic, long incarnation, String group) {
    return StableHash.of(topic + "~" + incarnation + "/" + group);
  }

  /** Returns the text form {@code partition-offset-attempt-epoch-binding}, used by the HTTP API. */
  public String encode() {
    // Once per delivery on the node and per settle in clients: no String.format (a parser each).
    String hex = Integer.toHexString(binding);
    return new StringBuilder(48)
        .append(partition)
        .append('-')
        .append(offset)
        .append('-')
        .append(attempt)
        .append('-')
        .append(Integer.toUnsignedString(epoch))
        .append('-')
        .append("00000000", hex.length(), 8)
        .append(hex)
        .toString();
  }

  /**
   * Parses {@link #encode()}'s form strictly (ASCII digits, no signs), or throws {@code
   * UNKNOWN_RECEIPT}.
   */
  public static Receipt parse(String text) {
    String[] parts = text == null || text.length() > MAX_TEXT ? new String[0] : text.split("-", -1);
    if (parts.length == 5
        && decimal(parts[0], 9)
        && decimal(parts[1], 18)
        && decimal(parts[2], 9)
        && decimal(parts[3], 10)
        && hex8(parts[4])) {
      long epoch = Long.parseLong(parts[3]);
      int attempt = Integer.parseInt(parts[2]);
      if (epoch <= 0xFFFF_FFFFL && attempt >= 1) {
        return new Receipt(
            Integer.parseInt(parts[0]),
            Long.parseLong(parts[1]),
            attempt,
            (int) epoch,
            Integer.parseUnsignedInt(parts[4], 16));
      }
    }
    throw new SwitchboardException(
        ErrorCode.UNKNOWN_RECEIPT,
        "malformed receipt '" + text + "': quote the receipt of a delivery as it was given");
  }

  /** Returns whether {@code part} is 1 to {@code maxDigits} ASCII digits without a leading zero. */
  private static boolean decimal(String part, int maxDigits) {
    if (part.isEmpty()
        || part.length() > maxDigits
        || (part.length() > 1 && part.charAt(0) == '0')) {
      return false;
    }
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean hex8(String part) {
    if (part.length() != 8) {
      return false;
    }
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }
}
