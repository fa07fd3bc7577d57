package io.switchboard.internal.publish;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import io.switchboard.internal.ask.Asks;
import io.switchboard.internal.directory.TopicDirectory;
import io.switchboard.internal.partition.Chunks;
import io.switchboard.internal.protocol.PartitionProtocol;
import io.switchboard.internal.topic.TopicEntry;
import io.switchboard.message.Message;
import io.switchboard.message.MessageValidator;
import io.switchboard.message.Names;
import io.switchboard.producer.Confirm;
import io.switchboard.producer.PublishOutcome;
import io.switchboard.routing.KeyPartitioner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.RecipientRef;

/** Sends messages to their partitions: one ask per partition, confirms back in input order. */
public final class Publishing {
  private final TopicDirectory directory;
  private final Asks asks;
  private final UnreachableFailFast failFast;
  private final MessageValidator validator;
  private final Executor executor;
  private final AtomicInteger unkeyed = new AtomicInteger();

  private final long maxBatchBytes;

  /**
   * Continues on the thread that completed the stage. For steps that only sort results or send on:
   * a hop to the dispatcher per step cost a wake-up and a wait for a core each, and the one hop off
   * a partition's thread is made where its answer is recorded.
   */
  private static final Executor INLINE = Runnable::run;

  public Publishing(
      TopicDirectory directory,
      Asks asks,
      UnreachableFailFast failFast,
      MessageValidator validator,
      Executor executor,
      long maxBatchBytes) {
    this.maxBatchBytes = maxBatchBytes;
    this.directory = directory;
    this.asks = asks;
    this.failFast = failFast;
    this.validator = validator;
    this.executor = executor;
  }

  private record Target(String topic, int partition) {}

  /** Validates every message first: one bad message and nothing is published. */
  public CompletionStage<List<Confirm>> publishAll(List<Message> messages) {
    return publishChecked(messages, validator::validate);
  }

  /**
   * Publishes dead letters again: like {@link #publishAll}, but the library's headers may be set.
   */
  public CompletionStage<List<Confirm>> replay(List<Message> messages) {
    return publishChecked(messages, validator::validateReplay);
  }

  private CompletionStage<List<Confirm>> publishChecked(
      List<Message> messages, Consumer<Message> check) {
    try {
      messages.forEach(check);
    } catch (SwitchboardException e) {
      return CompletableFuture.failedFuture(e);
    }
    Map<String, CompletionStage<TopicEntry>> topics = new LinkedHashMap<>();
    messages.forEach(m -> topics.computeIfAbsent(m.topic(), directory::topic));
    CompletableFuture<?>[] lookups =
        topics.values().stream()
            .map(CompletionStage::toCompletableFuture)
            .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(lookups)
        .thenComposeAsync(ignored -> confirmsOf(messages, resolved(topics)), afterLookups(lookups));
  }

  /**
   * Runs on once the topics are known: at once when they were (cached), else off the answering
   * thread.
   */
  private Executor afterLookups(CompletableFuture<?>[] lookups) {
    for (CompletableFuture<?> lookup : lookups) {
      if (!lookup.isDone()) {
        return executor;
      }
    }
    return INLINE;
  }

  private static Map<String, TopicEntry> resolved(Map<String, CompletionStage<TopicEntry>> topics) {
    Map<String, TopicEntry> entries = new LinkedHashMap<>();
    topics.forEach((name, stage) -> entries.put(name, stage.toCompletableFuture().join()));
    return entries;
  }

  /**
   * Publishes messages each on its own: a bad message, an unknown topic or a refusing partition
   * fails only its own messages, and every message gets its outcome, in input order.
   */
  public CompletionStage<List<PublishOutcome>> publishEach(List<Message> messages) {
    PublishOutcome[] outcomes = new PublishOutcome[messages.size()];
    Map<String, CompletionStage<TopicEntry>> topics = new LinkedHashMap<>();
    List<Integer> valid = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      try {
        validator.validate(messages.get(i));
        topics.computeIfAbsent(messages.get(i).topic(), directory::topic);
        valid.add(i);
      } catch (SwitchboardException e) {
        outcomes[i] = PublishOutcome.failed(e);
      }
    }
    CompletableFuture<?>[] lookups =
        topics.values().stream()
            .map(stage -> stage.toCompletableFuture().exceptionally(failure -> null))
            .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(lookups)
        .thenComposeAsync(
            ignored -> {
              Map<String, TopicEntry> found = new LinkedHashMap<>();
              List<Integer> sendable = new ArrayList<>(valid.size());
              for (int i : valid) {
                Message message = messages.get(i);
                CompletableFuture<TopicEntry> lookup =
                    topics.get(message.topic()).toCompletableFuture();
                if (lookup.isCompletedExceptionally()) {
                  outcomes[i] =
                      PublishOutcome.failed(
                          unwrap(lookup.handle((entry, failure) -> failure).join()));
                } else if (Names.isDeadLetterTopic(message.topic())) {
                  outcomes[i] = PublishOutcome.failed(deadLetterRefusal(message.topic()));
                } else {
                  found.put(message.topic(), lookup.join());
                  sendable.add(i);
                }
              }
              List<Message> batch = sendable.stream().map(messages::get).toList();
              return send(batch, found)
                  .thenApplyAsync(
                      sent -> {
                        for (int j = 0; j < sendable.size(); j++) {
                          outcomes[sendable.get(j)] = sent.get(j);
                        }
                        return List.of(outcomes);
                      },
                      INLINE);
            },
            afterLookups(lookups));
  }

  private CompletionStage<List<Confirm>> confirmsOf(
      List<Message> messages, Map<String, TopicEntry> topics) {
    for (Message message : messages) {
      if (Names.isDeadLetterTopic(topics.get(message.topic()).config().name())) {
        return CompletableFuture.failedFuture(deadLetterRefusal(message.topic()));
      }
    }
    return send(messages, topics)
        .thenApplyAsync(
            outcomes -> {
              List<Confirm> confirms = new ArrayList<>(outcomes.size());
              for (PublishOutcome outcome : outcomes) {
                if (outcome.failure() != null) {
                  throw outcome.failure() instanceof RuntimeException refusal
                      ? refusal
                      : new CompletionException(outcome.failure());
                }
                confirms.add(outcome.confirm());
              }
              return confirms;
            },
            INLINE);
  }

  private static SwitchboardException deadLetterRefusal(String topic) {
    return new SwitchboardException(
        ErrorCode.INVALID_ARGUMENT,
        "dead-letter topic '" + topic + "' takes no publishes; replay its messages instead");
  }

  /**
   * Sends to the partitions; a partition's refusal becomes the outcome of its own messages only.
   */
  private CompletionStage<List<PublishOutcome>> send(
      List<Message> messages, Map<String, TopicEntry> topics) {
    Map<Target, List<Integer>> indexes = new LinkedHashMap<>();
    for (int i = 0; i < messages.size(); i++) {
      Message message = messages.get(i);
      int partitions = topics.get(message.topic()).config().partitions();
      // An unkeyed retry must meet its first copy: the idempotency key stands in for the key.
      String routingKey = message.key() != null ? message.key() : message.idempotencyKey();
      int partition =
          routingKey != null
              ? KeyPartitioner.partitionOf(routingKey, partitions)
              : Math.floorMod(unkeyed.getAndIncrement(), partitions);
      indexes
          .computeIfAbsent(new Target(message.topic(), partition), t -> new ArrayList<>())
          .add(i);
    }
    PublishOutcome[] outcomes = new PublishOutcome[messages.size()];
    List<CompletableFuture<?>> sends = new ArrayList<>(indexes.size());
    indexes.forEach(
        (target, positions) -> {
          var ref = directory.partition(topics.get(target.topic()), target.partition());
          // Chunks of one partition go one after another, and none after a refused one: per-key
          // order holds across them.
          CompletionStage<Throwable> sent = CompletableFuture.completedFuture(null);
          for (List<Integer> chunk :
              Chunks.byPayload(positions, i -> messages.get(i).payloadSize(), maxBatchBytes)) {
            sent =
                sent.thenComposeAsync(
                    refused ->
                        refused == null
                            ? sendChunk(ref, messages, chunk, outcomes)
                            : CompletableFuture.completedFuture(
                                record(chunk, refused, null, outcomes)),
                    INLINE);
          }
          sends.add(sent.toCompletableFuture());
        });
    return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
        .thenApplyAsync(ignored -> List.of(outcomes), INLINE);
  }

  /**
   * Sends one chunk and records its messages' outcomes; never fails: completes with the chunk's
   * refusal or failure, or null when it was stored.
   */
  private CompletionStage<Throwable> sendChunk(
      RecipientRef<PartitionProtocol.Command> ref,
      List<Message> messages,
      List<Integer> positions,
      PublishOutcome[] outcomes) {
    List<Message> batch = new ArrayList<>(positions.size());
    positions.forEach(i -> batch.add(messages.get(i)));
    return failFast
        .guard(
            asks.<PartitionProtocol.Command, PartitionProtocol.PublishReply>ask(
                ref, replyTo -> new PartitionProtocol.Publish(batch, replyTo)))
        .handleAsync(
            (reply, failure) ->
                record(
                    positions, failure != null ? unwrap(failure) : refusal(reply), reply, outcomes),
            executor);
  }

  /**
   * Records the chunk's refusal for each of its messages, or the reply's confirms; returns the
   * refusal.
   */
  private static Throwable record(
      List<Integer> positions,
      Throwable refusal,
      PartitionProtocol.PublishReply reply,
      PublishOutcome[] outcomes) {
    for (int j = 0; j < positions.size(); j++) {
      outcomes[positions.get(j)] =
          refusal != null
              ? PublishOutcome.failed(refusal)
              : PublishOutcome.confirmed(reply.confirms().get(j));
    }
    return refusal;
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }

  /** Returns the partition's refusal, or null when it stored the batch. */
  private static SwitchboardException refusal(PartitionProtocol.PublishReply reply) {
    if (reply.errorCode() == null) {
      return null;
    }
    ErrorCode code = ErrorCode.valueOf(reply.errorCode());
    if (code == ErrorCode.OVERLOADED) {
      return new SwitchboardException.Overloaded(
          reply.error(), Duration.ofMillis(reply.retryAfterMillis()));
    }
    return new SwitchboardException(code, reply.error());
  }
}
