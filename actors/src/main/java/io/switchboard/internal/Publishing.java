package io.switchboard.internal;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import io.switchboard.message.Message;
import io.switchboard.message.MessageValidator;
import io.switchboard.partition.Chunks;
import io.switchboard.partition.PartitionProtocol;
import io.switchboard.producer.Confirm;
import io.switchboard.routing.KeyPartitioner;
import io.switchboard.topic.TopicEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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

  public Publishing(TopicDirectory directory, Asks asks, UnreachableFailFast failFast,
      MessageValidator validator, Executor executor, long maxBatchBytes) {
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

  /** Publishes dead letters again: like {@link #publishAll}, but the library's headers may be set. */
  public CompletionStage<List<Confirm>> replay(List<Message> messages) {
    return publishChecked(messages, validator::validateReplay);
  }

  private CompletionStage<List<Confirm>> publishChecked(List<Message> messages, Consumer<Message> check) {
    try {
      messages.forEach(check);
    } catch (SwitchboardException e) {
      return CompletableFuture.failedFuture(e);
    }
    Map<String, CompletionStage<TopicEntry>> topics = new LinkedHashMap<>();
    messages.forEach(m -> topics.computeIfAbsent(m.topic(), directory::topic));
    CompletableFuture<?>[] lookups = topics.values().stream()
        .map(CompletionStage::toCompletableFuture).toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(lookups)
        .thenComposeAsync(ignored -> send(messages, resolved(topics)), executor);
  }

  private static Map<String, TopicEntry> resolved(Map<String, CompletionStage<TopicEntry>> topics) {
    Map<String, TopicEntry> entries = new LinkedHashMap<>();
    topics.forEach((name, stage) -> entries.put(name, stage.toCompletableFuture().join()));
    return entries;
  }

  private CompletionStage<List<Confirm>> send(List<Message> messages, Map<String, TopicEntry> topics) {
    Map<Target, List<Integer>> indexes = new LinkedHashMap<>();
    for (int i = 0; i < messages.size(); i++) {
      Message message = messages.get(i);
      TopicEntry topic = topics.get(message.topic());
      if (topic.config().name().endsWith(io.switchboard.message.Names.DEAD_LETTER_SUFFIX)) {
        return CompletableFuture.failedFuture(new SwitchboardException(ErrorCode.INVALID_ARGUMENT,
            "dead-letter topic '" + message.topic() + "' takes no publishes; replay its messages instead"));
      }
      int partitions = topic.config().partitions();
      // An unkeyed retry must meet its first copy: the idempotency key stands in for the key.
      String routingKey = message.key() != null ? message.key() : message.idempotencyKey();
      int partition = routingKey != null
          ? KeyPartitioner.partitionOf(routingKey, partitions)
          : Math.floorMod(unkeyed.getAndIncrement(), partitions);
      indexes.computeIfAbsent(new Target(message.topic(), partition), t -> new ArrayList<>()).add(i);
    }
    Confirm[] confirms = new Confirm[messages.size()];
    List<CompletableFuture<?>> sends = new ArrayList<>(indexes.size());
    indexes.forEach((target, positions) -> {
      var ref = directory.partition(topics.get(target.topic()), target.partition());
      // Chunks of one partition go one after another: per-key order holds across them.
      CompletionStage<Void> sent = CompletableFuture.completedFuture(null);
      for (List<Integer> chunk : Chunks.byPayload(positions, i -> messages.get(i).payloadSize(), maxBatchBytes)) {
        sent = sent.thenComposeAsync(ignored -> sendChunk(ref, messages, chunk, confirms), executor);
      }
      sends.add(sent.toCompletableFuture());
    });
    return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
        .thenApplyAsync(ignored -> List.of(confirms), executor);
  }

  private CompletionStage<Void> sendChunk(RecipientRef<PartitionProtocol.Command> ref,
      List<Message> messages, List<Integer> positions, Confirm[] confirms) {
    List<Message> batch = new ArrayList<>(positions.size());
    positions.forEach(i -> batch.add(messages.get(i)));
    return failFast.guard(asks.<PartitionProtocol.Command, PartitionProtocol.PublishReply>ask(
            ref, replyTo -> new PartitionProtocol.Publish(batch, replyTo)))
        .thenAcceptAsync(reply -> {
          check(reply);
          for (int j = 0; j < positions.size(); j++) {
            confirms[positions.get(j)] = reply.confirms().get(j);
          }
        }, executor);
  }

  private static void check(PartitionProtocol.PublishReply reply) {
    if (reply.errorCode() == null) {
      return;
    }
    ErrorCode code = ErrorCode.valueOf(reply.errorCode());
    if (code == ErrorCode.OVERLOADED) {
      throw new SwitchboardException.Overloaded(reply.error(), Duration.ofMillis(reply.retryAfterMillis()));
    }
    throw new SwitchboardException(code, reply.error());
  }
}
