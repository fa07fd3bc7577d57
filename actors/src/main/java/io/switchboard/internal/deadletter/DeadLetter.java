package io.switchboard.internal.deadletter;

import io.switchboard.message.Message;
import io.switchboard.message.Names;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a failed message becomes a dead letter (with its reason in headers) and how a dead letter
 * becomes a replay for the group that failed it.
 */
public final class DeadLetter {
  public static final String REASON = "switchboard-dead-letter-reason";
  public static final String GROUP = "switchboard-dead-letter-group";
  public static final String ORIGINAL_TOPIC = "switchboard-original-topic";
  public static final String ORIGINAL_PARTITION = "switchboard-original-partition";
  public static final String ORIGINAL_OFFSET = "switchboard-original-offset";
  public static final String ORIGINAL_CREATED_AT = "switchboard-original-created-at";

  /** Limits a replayed message to one group (the partition reads it). */
  public static final String REPLAY_GROUP = "switchboard-replay-group";

  private DeadLetter() {}

  /** Returns the dead letter of a message that {@code group} failed at {@code partition/offset}. */
  public static Message of(
      Message failed, String group, String reason, int partition, long offset, Instant now) {
    Map<String, String> headers = new LinkedHashMap<>(failed.headers());
    headers.remove(REPLAY_GROUP);
    headers.put(REASON, reason);
    headers.put(GROUP, group);
    headers.put(ORIGINAL_TOPIC, failed.topic());
    headers.put(ORIGINAL_PARTITION, Integer.toString(partition));
    headers.put(ORIGINAL_OFFSET, Long.toString(offset));
    headers.put(ORIGINAL_CREATED_AT, failed.createdAt().toString());
    // Dead-letter retention counts from when the message died, not from when it was made.
    return new Message(
        failed.id(),
        Names.deadLetterTopic(failed.topic()),
        failed.key(),
        failed.type(),
        failed.source(),
        failed.target(),
        headers,
        failed.payload(),
        failed.contentType(),
        now,
        failed.idempotencyKey());
  }

  /** Returns the message to publish again, to its topic, for the group that failed it. */
  public static Message toReplay(Message letter) {
    Map<String, String> headers = new LinkedHashMap<>(letter.headers());
    String topic = headers.remove(ORIGINAL_TOPIC);
    String group = headers.remove(GROUP);
    String createdAt = headers.remove(ORIGINAL_CREATED_AT);
    headers.remove(REASON);
    headers.remove(ORIGINAL_PARTITION);
    headers.remove(ORIGINAL_OFFSET);
    if (group != null) {
      headers.put(REPLAY_GROUP, group);
    }
    // A replay is a new publish: the old idempotency key would make it a duplicate.
    return new Message(
        letter.id(),
        topic,
        letter.key(),
        letter.type(),
        letter.source(),
        letter.target(),
        headers,
        letter.payload(),
        letter.contentType(),
        createdAt == null ? letter.createdAt() : Instant.parse(createdAt),
        null);
  }
}
