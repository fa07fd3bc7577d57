package io.switchboard.internal;

import io.switchboard.message.Message;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns a dead letter back into a message for the group that failed it. */
public final class DeadLetters {
  public static final String REASON = "switchboard-dead-letter-reason";
  public static final String GROUP = "switchboard-dead-letter-group";
  public static final String ORIGINAL_TOPIC = "switchboard-original-topic";
  /** Limits a replayed message to one group (the partition reads it). */
  public static final String REPLAY_GROUP = "switchboard-replay-group";

  private DeadLetters() {}

  public static Message toReplay(Message letter) {
    Map<String, String> headers = new LinkedHashMap<>(letter.headers());
    String topic = headers.remove(ORIGINAL_TOPIC);
    String group = headers.remove(GROUP);
    headers.remove(REASON);
    headers.remove("switchboard-original-partition");
    headers.remove("switchboard-original-offset");
    String createdAt = headers.remove("switchboard-original-created-at");
    if (group != null) {
      headers.put(REPLAY_GROUP, group);
    }
    // A replay is a new publish: the old idempotency key would make it a duplicate.
    return new Message(letter.id(), topic, letter.key(), letter.type(), letter.source(),
        letter.target(), headers, letter.payload(), letter.contentType(),
        createdAt == null ? letter.createdAt() : java.time.Instant.parse(createdAt), null);
  }
}
