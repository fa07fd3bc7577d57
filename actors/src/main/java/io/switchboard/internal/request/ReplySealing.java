package io.switchboard.internal.request;

import com.typesafe.config.Config;
import io.switchboard.atrest.AtRestSettings;
import io.switchboard.atrest.PayloadSealer;
import org.apache.pekko.persistence.typed.EventAdapter;
import org.apache.pekko.persistence.typed.EventSeq;

/**
 * Stores the reply chunks and final reply of a request whose topic {@code switchboard.at-rest}
 * covers sealed (compressed, encrypted, bound to the request id), and opens them on recovery: the
 * journal never holds them in plaintext. A sealed event is marked by its adapter manifest, so what
 * was stored before (or for a topic not covered) reads back as it is. One per reply stream: it
 * learns the request's topic from its {@link ReplyEvent.Opened}, which comes first.
 */
final class ReplySealing extends EventAdapter<ReplyEvent, ReplyEvent> {
  static final String SEALED = "sealed-1";

  private final String requestId;
  private final PayloadSealer sealer;
  private boolean covered;

  /**
   * Returns the sealer of the node's {@code switchboard.at-rest}, or null when payloads are stored
   * as they are.
   */
  static PayloadSealer sealerOf(Config config) {
    String path = "switchboard.at-rest";
    return config.hasPath(path)
        ? PayloadSealer.of(AtRestSettings.fromConfig(config.getConfig(path))).orElse(null)
        : null;
  }

  /** {@code sealer} is null when payloads are stored as they are. */
  ReplySealing(String requestId, PayloadSealer sealer) {
    this.requestId = requestId;
    this.sealer = sealer;
  }

  @Override
  public ReplyEvent toJournal(ReplyEvent event) {
    if (event instanceof ReplyEvent.Opened opened) {
      covered = sealer != null && opened.topic() != null && sealer.covers(opened.topic());
    } else if (covered && event instanceof ReplyEvent.Appended appended) {
      return new ReplyEvent.Appended(sealer.sealReply(requestId, appended.payload()));
    } else if (covered && event instanceof ReplyEvent.Ended ended) {
      return new ReplyEvent.Ended(
          ended.outcome(),
          ended.reason(),
          sealer.sealReply(requestId, orEmpty(ended.payload())),
          ended.atMillis(),
          ended.usage());
    }
    return event;
  }

  @Override
  public String manifest(ReplyEvent event) {
    boolean sealed =
        covered && (event instanceof ReplyEvent.Appended || event instanceof ReplyEvent.Ended);
    return sealed ? SEALED : "";
  }

  @Override
  public EventSeq<ReplyEvent> fromJournal(ReplyEvent event, String manifest) {
    if (event instanceof ReplyEvent.Opened opened) {
      covered = sealer != null && opened.topic() != null && sealer.covers(opened.topic());
    }
    if (!SEALED.equals(manifest)) {
      return EventSeq.single(event);
    }
    if (sealer == null) {
      throw new IllegalStateException(
          "a reply of request "
              + requestId
              + " is stored sealed but switchboard.at-rest is off: turn it on with the keys it was"
              + " sealed with");
    }
    if (event instanceof ReplyEvent.Appended appended) {
      return EventSeq.single(
          new ReplyEvent.Appended(sealer.openReply(requestId, appended.payload())));
    }
    if (event instanceof ReplyEvent.Ended ended) {
      return EventSeq.single(
          new ReplyEvent.Ended(
              ended.outcome(),
              ended.reason(),
              sealer.openReply(requestId, ended.payload()),
              ended.atMillis(),
              ended.usage()));
    }
    throw new IllegalStateException("a sealed reply event of an unknown kind: " + event);
  }

  private static byte[] orEmpty(byte[] payload) {
    return payload == null ? new byte[0] : payload;
  }
}
