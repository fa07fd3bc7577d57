package io.switchboard.internal;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import io.switchboard.SwitchboardSettings;
import io.switchboard.consumer.AckResult;
import io.switchboard.consumer.ConsumerControl;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.consumer.Delivery;
import io.switchboard.consumer.DeliveryOutlet;
import io.switchboard.consumer.Receipt;
import io.switchboard.consumer.Settlement;
import io.switchboard.internal.ask.Asks;
import io.switchboard.internal.consumer.PullConsumer;
import io.switchboard.internal.consumer.StreamConsumer;
import io.switchboard.internal.consumer.Subscription;
import io.switchboard.internal.directory.TopicDirectory;
import io.switchboard.internal.protocol.PartitionProtocol;
import io.switchboard.internal.protocol.PartitionProtocol.ConsumerMessage;
import io.switchboard.internal.protocol.PartitionProtocol.SettleKind;
import io.switchboard.internal.topic.TopicEntry;
import io.switchboard.message.MessageIds;
import io.switchboard.message.Names;
import io.switchboard.topic.TopicConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.stream.javadsl.Source;

/** The consuming side of the API: stream consumers, pull consumers and settling by receipt. */
public final class Consuming {
  private final ActorSystem<?> system;
  private final SwitchboardSettings settings;
  private final Executor executor;
  private final TopicDirectory directory;
  private final Asks asks;
  private final Map<String, ActorRef<ConsumerMessage>> pullConsumers = new ConcurrentHashMap<>();
  private final PullConsumer.Timing pullTiming;

  public Consuming(
      ActorSystem<?> system, SwitchboardSettings settings, TopicDirectory directory, Asks asks) {
    this.system = system;
    this.settings = settings;
    this.pullTiming =
        new PullConsumer.Timing(
            settings.pull().bufferMaxAge(),
            settings.pull().joinWait(),
            settings.consumer().heartbeatInterval());
    this.executor = system.executionContext();
    this.directory = directory;
    this.asks = asks;
  }

  /** Returns the topic of a group, or fails with {@code UNKNOWN_TOPIC} / {@code UNKNOWN_GROUP}. */
  public CompletionStage<TopicEntry> groupTopic(String topic, String group) {
    return directory
        .topic(topic)
        .thenComposeAsync(
            entry ->
                entry.groups().containsKey(group)
                    ? CompletableFuture.completedFuture(entry)
                    : directory
                        .refresh()
                        .thenApplyAsync(
                            fresh ->
                                fresh
                                    .topic(topic)
                                    .filter(e -> e.groups().containsKey(group))
                                    .orElseThrow(
                                        () ->
                                            new SwitchboardException(
                                                ErrorCode.UNKNOWN_GROUP,
                                                "topic '"
                                                    + topic
                                                    + "' has no group '"
                                                    + group
                                                    + "'")),
                            executor),
            executor);
  }

  /** Returns a consumer's deliveries once {@code topic} (the group's topic) is known. */
  /** Returns the refusal of a bad topic or group name, or empty when both are valid. */
  public static Optional<SwitchboardException> checkedNames(String topic, String group) {
    try {
      Names.requireTopic(topic);
      Names.requireGroup(group);
      return Optional.empty();
    } catch (SwitchboardException e) {
      return Optional.of(e);
    }
  }

  /** Returns a source that fails at once with {@code refusal}; its control has nothing to stop. */
  public static Source<Delivery, ConsumerControl> refused(SwitchboardException refusal) {
    return Source.<Delivery>failed(refusal)
        .mapMaterializedValue(
            ignored -> () -> CompletableFuture.completedFuture(Done.getInstance()));
  }

  public Source<Delivery, ConsumerControl> source(
      CompletionStage<TopicEntry> topic, String group, ConsumerSettings consumer) {
    // The queue never fills: each partition sends at most the consumer's credit.
    return Source.<Delivery>queue(consumer.credit() * TopicConfig.MAX_PARTITIONS)
        .mapMaterializedValue(queue -> consume(topic, group, consumer, new QueueOutlet(queue)))
        .watchTermination(
            (control, done) -> {
              done.whenCompleteAsync((d, failure) -> control.stop(), executor);
              return control;
            });
  }

  /** Starts a consumer that hands its deliveries to {@code outlet} once {@code topic} is known. */
  public ConsumerControl consume(
      CompletionStage<TopicEntry> topic,
      String group,
      ConsumerSettings consumer,
      DeliveryOutlet outlet) {
    StreamControl control = new StreamControl();
    topic.whenCompleteAsync(
        (entry, failure) -> {
          if (failure != null) {
            outlet.fail(Asks.translate(failure));
            control.actor.completeExceptionally(failure);
            return;
          }
          control.actor.complete(
              system.systemActorOf(
                  StreamConsumer.create(
                      self -> subscription(entry, group, consumer, self),
                      outlet,
                      settings.consumer().heartbeatInterval(),
                      settings.consumer().stopGrace()),
                  "consumer-" + MessageIds.next(),
                  Props.empty()));
        },
        executor);
    return control;
  }

  private final class StreamControl implements ConsumerControl {
    private final CompletableFuture<ActorRef<ConsumerMessage>> actor = new CompletableFuture<>();

    @Override
    public CompletionStage<Done> stop() {
      return actor.thenApplyAsync(
          ref -> {
            ref.tell(StreamConsumer.Stop.INSTANCE);
            return Done.getInstance();
          },
          executor);
    }
  }

  private Subscription subscription(
      TopicEntry entry, String group, ConsumerSettings consumer, ActorRef<ConsumerMessage> self) {
    return new Subscription(
        group, consumer, entry.config().partitions(), p -> directory.partition(entry, p), self);
  }

  /** Checks a pull's arguments against {@code switchboard.pull}. */
  public void checkPull(int max, Duration wait) {
    int maxMessages = settings.pull().maxMessages();
    Duration maxWait = settings.pull().maxWait();
    if (max < 1 || max > maxMessages) {
      throw new SwitchboardException(
          ErrorCode.INVALID_ARGUMENT,
          "max must be between 1 and "
              + maxMessages
              + " (switchboard.pull.max-messages), got "
              + max);
    }
    if (wait.isNegative() || wait.compareTo(maxWait) > 0) {
      throw new SwitchboardException(
          ErrorCode.INVALID_ARGUMENT,
          "wait must be between 0 and "
              + maxWait.toMillis()
              + " ms (switchboard.pull.max-wait), got "
              + wait.toMillis());
    }
  }

  /** Takes up to {@code max} deliveries from the group named, once its topic is known. */
  public CompletionStage<List<Delivery>> pull(String topic, String group, int max, Duration wait) {
    return groupTopic(topic, group)
        .thenComposeAsync(entry -> pull(entry, group, max, wait), executor);
  }

  /** Takes up to {@code max} deliveries from this node's pull consumer of the group. */
  public CompletionStage<List<Delivery>> pull(
      TopicEntry entry, String group, int max, Duration wait) {
    return AskPattern.<ConsumerMessage, List<Delivery>>ask(
        pullConsumer(entry, group),
        replyTo -> new PullConsumer.Pull(max, wait, replyTo),
        wait.plus(settings.askTimeout()),
        system.scheduler());
  }

  private ActorRef<ConsumerMessage> pullConsumer(TopicEntry entry, String group) {
    String key = entry.config().name() + "/" + entry.incarnation() + "/" + group;
    return pullConsumers.computeIfAbsent(
        key,
        k -> {
          ConsumerSettings consumer =
              new ConsumerSettings(
                  "pull-" + system.address() + "-" + k, settings.pull().prefetch(), 1.0);
          CompletableFuture<ActorRef<ConsumerMessage>> self = new CompletableFuture<>();
          ActorRef<ConsumerMessage> ref =
              system.systemActorOf(
                  PullConsumer.create(
                      me -> subscription(entry, group, consumer, me),
                      settlement -> {
                        if (settlement instanceof Settlement.Nack nack) {
                          settle(
                              entry, group, List.of(nack.receipt()), SettleKind.NACK, nack.delay());
                        } else {
                          settle(
                              entry,
                              group,
                              List.of(settlement.receipt()),
                              SettleKind.ACK,
                              Duration.ZERO);
                        }
                      },
                      pullTiming,
                      // The group or topic is gone: forget the consumer, and the group with a fresh
                      // catalog.
                      () ->
                          self.thenAcceptAsync(
                              me -> {
                                pullConsumers.remove(k, me);
                                directory.refresh();
                              },
                              executor)),
                  "pull-" + MessageIds.next(),
                  Props.empty());
          self.complete(ref);
          return ref;
        });
  }

  /** Settles receipts with the partitions of the group named, once its topic is known. */
  /** Renews the lease of a delivery that is still being worked on (a request being answered). */
  public CompletionStage<AckResult> renew(Delivery delivery) {
    return settle(
        delivery.message().topic(),
        delivery.group(),
        List.of(delivery.receipt()),
        SettleKind.RENEW,
        Duration.ZERO);
  }

  public CompletionStage<AckResult> settle(
      String topic, String group, List<Receipt> receipts, SettleKind kind, Duration delay) {
    return groupTopic(topic, group)
        .thenComposeAsync(entry -> settle(entry, group, receipts, kind, delay), executor);
  }

  /**
   * Settles receipts with their partitions; a receipt of no partition, or of another group or topic
   * incarnation, is rejected here.
   */
  public CompletionStage<AckResult> settle(
      TopicEntry entry, String group, List<Receipt> receipts, SettleKind kind, Duration delay) {
    Map<Integer, List<Receipt>> byPartition = new TreeMap<>();
    List<Receipt> rejected = new ArrayList<>();
    int binding = Receipt.binding(entry.config().name(), entry.incarnation(), group);
    for (Receipt receipt : receipts) {
      if (receipt.partition() >= entry.config().partitions() || receipt.binding() != binding) {
        rejected.add(receipt);
      } else {
        byPartition.computeIfAbsent(receipt.partition(), p -> new ArrayList<>()).add(receipt);
      }
    }
    List<CompletableFuture<AckResult>> results = new ArrayList<>();
    byPartition.forEach(
        (partition, batch) ->
            results.add(
                asks.<PartitionProtocol.Command, AckResult>ask(
                        directory.partition(entry, partition),
                        replyTo ->
                            new PartitionProtocol.Settle(
                                group, batch, kind, delay.toMillis(), replyTo))
                    .toCompletableFuture()));
    return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
        .thenApplyAsync(
            ignored -> {
              List<Receipt> accepted = new ArrayList<>();
              List<Receipt> refused = new ArrayList<>(rejected);
              results.forEach(
                  r -> {
                    accepted.addAll(r.join().accepted());
                    refused.addAll(r.join().rejected());
                  });
              return new AckResult(accepted, refused);
            },
            executor);
  }
}
