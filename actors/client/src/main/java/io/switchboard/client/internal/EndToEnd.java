package io.switchboard.client.internal;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import io.switchboard.atrest.KeyRing;
import io.switchboard.atrest.PayloadEnvelope;
import io.switchboard.client.ClientEncryption;
import io.switchboard.message.Message;
import io.switchboard.request.ReplyChunk;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Seals payloads before they leave the client and opens them on delivery: the codec chain's
 * envelope ({@link PayloadEnvelope}: lz4/zstd, then AES-GCM), always encrypted. A message's payload
 * is bound to its id, a reply chunk's to its request's id; header {@value #KEY_HEADER} names the
 * key on a sealed message. The Python client writes the same bytes. Thread-safe.
 */
public final class EndToEnd {
  /** The header that marks a sealed message and names its key (the node sees it). */
  public static final String KEY_HEADER = "e2e-key";

  private final ClientEncryption settings;
  private final KeyRing keys;
  private final PayloadEnvelope envelope;
  private final Map<String, Boolean> covered = new ConcurrentHashMap<>();

  /** Returns the codec of {@code settings} with {@code keys}. */
  public EndToEnd(ClientEncryption settings, KeyRing keys) {
    this.settings = settings;
    this.keys = keys;
    this.envelope =
        new PayloadEnvelope(
            settings.compression(), settings.compressAbove(), keys, "the end-to-end keys");
  }

  /** Returns whether payloads of {@code topic} are sealed (and must arrive sealed). */
  public boolean covers(String topic) {
    return covered.computeIfAbsent(topic, settings::covers);
  }

  /** Returns {@code message} with its payload sealed when its topic is covered. */
  public Message seal(Message message) {
    if (!covers(message.topic())) {
      return message;
    }
    Map<String, String> headers = new HashMap<>(message.headers());
    headers.put(KEY_HEADER, keys.activeId());
    byte[] sealed = envelope.seal(message.payload(), messageBinding(message.id()));
    return message.withHeaders(headers).withPayload(sealed);
  }

  /**
   * Returns {@code message} with its payload opened; a message without {@value #KEY_HEADER} passes
   * as it is unless its topic is covered. Throws {@link SwitchboardException} ({@code
   * INVALID_MESSAGE}) when it does not open or arrived in plaintext on a covered topic.
   */
  public Message open(Message message) {
    String keyId = message.headers().get(KEY_HEADER);
    if (keyId == null) {
      if (covers(message.topic())) {
        throw refused(
            "message "
                + message.id()
                + " of "
                + message.topic()
                + " arrived without end-to-end encryption (no "
                + KEY_HEADER
                + " header) on a topic of switchboard.client.e2e.topics");
      }
      return message;
    }
    try {
      byte[] opened =
          envelope.open(
              message.payload(),
              messageBinding(message.id()),
              true,
              () -> "message " + message.id() + " of " + message.topic());
      Map<String, String> headers = new HashMap<>(message.headers());
      headers.remove(KEY_HEADER);
      return message.withHeaders(headers).withPayload(opened);
    } catch (IllegalArgumentException e) {
      throw refused(e.getMessage());
    }
  }

  /** Returns a reply chunk (or final reply) of request {@code requestId}, sealed. */
  public byte[] sealReply(String requestId, byte[] payload) {
    return envelope.seal(payload, replyBinding(requestId));
  }

  /** Returns {@code chunk} with its payload opened; throws as {@link #open(Message)}. */
  public ReplyChunk openReply(ReplyChunk chunk) {
    try {
      byte[] opened =
          envelope.open(
              chunk.payload(),
              replyBinding(chunk.requestId()),
              true,
              () -> "reply " + chunk.seq() + " of request " + chunk.requestId());
      return new ReplyChunk(chunk.requestId(), chunk.seq(), opened, chunk.last(), chunk.usage());
    } catch (IllegalArgumentException e) {
      throw refused(e.getMessage());
    }
  }

  private static byte[] messageBinding(String id) {
    return ("e2e message\n" + id).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] replyBinding(String requestId) {
    return ("e2e reply\n" + requestId).getBytes(StandardCharsets.UTF_8);
  }

  private static SwitchboardException refused(String why) {
    return new SwitchboardException(
        ErrorCode.INVALID_MESSAGE, why + " (switchboard.client.e2e: not delivered)");
  }
}
