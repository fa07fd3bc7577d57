package io.switchboard.internal.partition;

import io.switchboard.internal.deadletter.DeadLetter;
import io.switchboard.internal.protocol.PartitionProtocol.Publish;
import io.switchboard.internal.protocol.PartitionProtocol.PublishReply;
import io.switchboard.message.Message;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * Publishes a partition's failed messages to its topic's dead-letter topic; the partition hears
 * back ({@link PartitionCore.DeadLettersStored}) before it settles them.
 */
final class DeadLetterSender {
  /**
   * The dead-letter reason of a request still queued at its deadline (as {@code Requests} writes
   * it).
   */
  static final String EXPIRED = "DEADLINE_EXCEEDED: still queued at its deadline";

  private final PartitionId id;
  private final int maxAttempts;
  private final DeadLetterRoute route;
  private final PartitionContext context;
  private final Duration timeout;

  /** {@code timeout} is how long a publish to the dead-letter topic may take (ask-timeout). */
  DeadLetterSender(
      PartitionId id,
      int maxAttempts,
      DeadLetterRoute route,
      PartitionContext context,
      Duration timeout) {
    this.id = id;
    this.timeout = timeout;
    this.maxAttempts = maxAttempts;
    this.route = route;
    this.context = context;
  }

  /** Publishes the messages at {@code offsets} as dead letters failed at {@code nowMillis}. */
  void send(
      String group,
      List<Long> offsets,
      String reason,
      LongFunction<Message> messages,
      long nowMillis) {
    publish(group, offsets, "after " + maxAttempts + " attempts: " + reason, messages, nowMillis);
  }

  /**
   * Publishes requests still queued at their deadline as dead letters, with the reason the request
   * path uses.
   */
  void sendExpired(
      String group, List<Long> offsets, LongFunction<Message> messages, long nowMillis) {
    publish(group, offsets, EXPIRED, messages, nowMillis);
  }

  private void publish(
      String group,
      List<Long> offsets,
      String why,
      LongFunction<Message> messages,
      long nowMillis) {
    if (offsets.isEmpty()) {
      return;
    }
    var target = route.deadLetterPartition(id.topic());
    if (target == null) {
      // A dead-letter topic has no dead letters of its own: its failures are dropped.
      context.tellSelf(new PartitionCore.DeadLettersStored(group, offsets, true));
      return;
    }
    List<Message> letters = new ArrayList<>(offsets.size());
    Instant now = Instant.ofEpochMilli(nowMillis);
    for (long offset : offsets) {
      Message message = messages.apply(offset);
      if (message != null) {
        letters.add(DeadLetter.of(message, group, why, id.partition(), offset, now));
      }
    }
    context.ask(
        PublishReply.class,
        target,
        timeout,
        replyTo -> new Publish(letters, replyTo),
        (reply, failure) ->
            new PartitionCore.DeadLettersStored(
                group, offsets, failure == null && reply.errorCode() == null));
  }
}
