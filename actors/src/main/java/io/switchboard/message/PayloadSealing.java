package io.switchboard.message;

/**
 * How a message's payload is stored at rest (compressed, encrypted) and read back; used by the
 * journal's events, never on the wire. Implementations are thread-safe.
 */
public interface PayloadSealing {
  /** Returns the stored form of {@code message}'s payload, or null to store it as it is. */
  byte[] seal(Message message);

  /**
   * Returns the payload of message {@code id} of {@code topic} from its stored form; throws {@link
   * IllegalArgumentException} when it cannot be opened (unknown key, tampered bytes).
   */
  byte[] open(String id, String topic, byte[] sealed);
}
