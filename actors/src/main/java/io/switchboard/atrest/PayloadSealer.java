package io.switchboard.atrest;

import io.switchboard.message.Message;
import io.switchboard.message.PayloadSealing;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Seals payloads for the journal with a {@link PayloadEnvelope}: lz4 or zstd above a size when that
 * makes them smaller, then AES-GCM under the key ring's active key. A message's payload is bound to
 * its id and topic, a request's reply chunks to the request's id, so a stored payload tampered
 * with, or moved to another message or request, does not open. Thread-safe.
 */
public final class PayloadSealer implements PayloadSealing {
  private final AtRestSettings settings;
  private final PayloadEnvelope envelope;
  private final Map<String, Boolean> covered = new ConcurrentHashMap<>();

  PayloadSealer(AtRestSettings settings, KeyRing keys) {
    this.settings = settings;
    this.envelope =
        new PayloadEnvelope(
            settings.compression(), settings.compressAbove(), keys, "the at-rest keys");
  }

  /**
   * Returns the sealer of {@code settings}, reading its keys from the key file or the process's
   * environment; empty when payloads are stored as they are.
   */
  public static Optional<PayloadSealer> of(AtRestSettings settings) {
    return of(settings, System::getenv);
  }

  /**
   * Returns the sealer of {@code settings}, looking environment variables up in {@code
   * environment}.
   */
  public static Optional<PayloadSealer> of(
      AtRestSettings settings, Function<String, String> environment) {
    if (!settings.active()) {
      return Optional.empty();
    }
    return Optional.of(
        new PayloadSealer(
            settings, settings.encryption() ? KeyRing.of(settings, environment) : null));
  }

  /** Returns whether payloads of {@code topic} are sealed. */
  public boolean covers(String topic) {
    return covered.computeIfAbsent(topic, settings::covers);
  }

  @Override
  public byte[] seal(Message message) {
    if (!covers(message.topic())) {
      return null;
    }
    return envelope.seal(message.payload(), boundTo(message.id(), message.topic()));
  }

  @Override
  public byte[] open(String id, String topic, byte[] sealed) {
    return envelope.open(sealed, boundTo(id, topic), false, () -> "message " + id + " of " + topic);
  }

  /**
   * Returns the stored form of a reply chunk (or final reply) of request {@code requestId}: always
   * an envelope, as it is when compression did not pay and there are no keys.
   */
  public byte[] sealReply(String requestId, byte[] payload) {
    byte[] sealed = envelope.seal(payload, replyOf(requestId));
    return sealed != null ? sealed : PayloadEnvelope.plain(payload);
  }

  /** Returns a reply chunk of request {@code requestId} from its stored form. */
  public byte[] openReply(String requestId, byte[] sealed) {
    return envelope.open(
        sealed, replyOf(requestId), false, () -> "a reply of request " + requestId);
  }

  private static byte[] boundTo(String id, String topic) {
    return (id + "\n" + topic).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] replyOf(String requestId) {
    // a message id never holds a newline, a topic name never starts with one: no message binding
    // equals a reply's
    return ("reply\n\n" + requestId).getBytes(StandardCharsets.UTF_8);
  }
}
