package io.switchboard;

import io.switchboard.consumer.AckResult;
import io.switchboard.consumer.ConsumerControl;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.consumer.Delivery;
import io.switchboard.consumer.DeliveryOutlet;
import io.switchboard.consumer.Receipt;
import io.switchboard.internal.Consuming;
import io.switchboard.internal.Engines;
import io.switchboard.internal.ReadyGate;
import io.switchboard.internal.Startup;
import io.switchboard.internal.TopicAdmin;
import io.switchboard.internal.protocol.PartitionProtocol;
import io.switchboard.internal.publish.PublishFlow;
import io.switchboard.internal.publish.Publishing;
import io.switchboard.internal.request.RequestMetricsRelay;
import io.switchboard.internal.request.Requests;
import io.switchboard.internal.worker.WorkerPool;
import io.switchboard.message.Message;
import io.switchboard.message.MessageLimits;
import io.switchboard.message.Names;
import io.switchboard.producer.Confirm;
import io.switchboard.producer.PublishOutcome;
import io.switchboard.request.ReplyChunk;
import io.switchboard.request.RequestDelivery;
import io.switchboard.request.RequestMetrics;
import io.switchboard.request.RequestOptions;
import io.switchboard.request.RequestSide;
import io.switchboard.routing.Route;
import io.switchboard.topic.BacklogEntry;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import io.switchboard.topic.TopicStats;
import io.switchboard.worker.WorkerHandler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Switchboard inside an {@link ActorSystem}: topics, groups, routes, publishing and consuming.
 *
 * <p>Every method is thread-safe and non-blocking. A failed stage carries a {@link
 * SwitchboardException} whose {@link ErrorCode} says what was refused.
 */
public final class Switchboard implements Extension, Fabric {

  private static final class Id extends ExtensionId<Switchboard> {
    @Override
    public Switchboard createExtension(ActorSystem<?> system) {
      return new Switchboard(system);
    }
  }

  private static final Id ID = new Id();

  private final ActorSystem<?> system;
  private final SwitchboardSettings settings;
  private final Executor executor;
  private final Publishing publishing;
  private final Engines engines;
  private final ReadyGate gate;
  private final Consuming consuming;
  private final Requests requests;
  private final RequestMetricsRelay requestMetrics = new RequestMetricsRelay();
  private final TopicAdmin topics;

  private Switchboard(ActorSystem<?> system) {
    this.system = system;
    this.settings = SwitchboardSettings.fromConfig(system.settings().config());
    this.executor = system.executionContext();
    this.engines = Engines.wire(system, settings, requestMetrics);
    this.publishing = engines.publishing();
    this.consuming = engines.consuming();
    this.topics = engines.topics();
    this.requests = engines.requests();
    this.gate = engines.gate();
  }

  /** Returns the system's Switchboard, starting it on first use. */
  public static Switchboard get(ActorSystem<?> system) {
    return system.registerExtension(ID);
  }

  /** Returns the actor system this Switchboard runs in. */
  public ActorSystem<?> system() {
    return system;
  }

  /** Completes when the journal schema exists and the registry answers (the node is Up). */
  public CompletionStage<Done> ready() {
    return gate.started()
        .thenComposeAsync(
            done -> Startup.awaitRegistry(system, engines.directory(), settings.startupTimeout()),
            executor);
  }

  /**
   * Completes when the registry answers within {@code timeout} (a health probe; fails otherwise).
   */
  public CompletionStage<Done> probeRegistry(Duration timeout) {
    return gate.afterReady(
        () ->
            engines
                .directory()
                .refresh(timeout)
                .thenApplyAsync(catalog -> Done.getInstance(), executor));
  }

  /**
   * Sends what the request path reports (outcomes, chunk timings, queue waits) to {@code metrics}.
   */
  public void observeRequests(RequestMetrics metrics) {
    requestMetrics.observe(metrics);
  }

  /** Returns the {@code switchboard} settings in force, read once when this started. */
  public SwitchboardSettings settings() {
    return settings;
  }

  /** Returns the message limits in force ({@code switchboard.limits}, and the priority bands). */
  public MessageLimits limits() {
    return settings.limits();
  }

  /** Returns a topic config with this node's {@code switchboard.topic-defaults}. */
  public TopicConfig topicDefaults(String name) {
    return settings.topicDefaults(name);
  }

  /** Creates a topic and its dead-letter topic; fails with {@code TOPIC_EXISTS} if taken. */
  public CompletionStage<TopicConfig> createTopic(TopicConfig config) {
    return ReadyGate.guarded(
        () -> {
          Names.requireUserTopic(config.name());
          return gate.afterReady(() -> topics.create(config));
        });
  }

  /** Returns a topic's config, or empty when there is no such topic. */
  public CompletionStage<Optional<TopicConfig>> describeTopic(String topic) {
    return gate.afterReady(() -> topics.describe(topic));
  }

  /** Returns every topic's config, dead-letter topics included. */
  public CompletionStage<List<TopicConfig>> listTopics() {
    return gate.afterReady(topics::list);
  }

  /**
   * Deletes a topic, its dead-letter topic, its groups and its stored messages; fails with {@code
   * UNKNOWN_TOPIC}, or {@code INVALID_ARGUMENT} for a dead-letter topic (it goes with its topic).
   */
  public CompletionStage<Done> deleteTopic(String topic) {
    return ReadyGate.guarded(
        () -> {
          Names.requireDeletableTopic(topic);
          return gate.afterReady(() -> topics.delete(topic));
        });
  }

  /** Returns live numbers summed over the topic's partitions. */
  public CompletionStage<TopicStats> stats(String topic) {
    return gate.afterReady(() -> topics.stats(topic));
  }

  /** Creates a consumer group; fails with {@code GROUP_EXISTS} or {@code UNKNOWN_TOPIC}. */
  public CompletionStage<Done> createGroup(String topic, String group, GroupConfig config) {
    return ReadyGate.guarded(
        () -> {
          Names.requireTopic(topic);
          Names.requireGroup(group);
          return gate.afterReady(() -> topics.add(topic, group, config));
        });
  }

  /** Returns a topic's groups by name; fails with {@code UNKNOWN_TOPIC}. */
  public CompletionStage<Map<String, GroupConfig>> listGroups(String topic) {
    return gate.afterReady(() -> topics.groups(topic));
  }

  /**
   * Deletes a consumer group and its position; fails with {@code UNKNOWN_TOPIC} or {@code
   * UNKNOWN_GROUP}.
   */
  public CompletionStage<Done> deleteGroup(String topic, String group) {
    return gate.afterReady(() -> topics.remove(topic, group));
  }

  /**
   * Peeks at up to {@code limit} of the group's waiting messages, oldest first; changes nothing.
   */
  public CompletionStage<List<BacklogEntry>> browseBacklog(String topic, String group, int limit) {
    return gate.afterReady(() -> topics.browse(topic, group, limit));
  }

  /** Publishes one message; completes when the partition has stored it. */
  public CompletionStage<Confirm> publish(Message message) {
    return publishAll(List.of(message)).thenApplyAsync(confirms -> confirms.get(0), executor);
  }

  /** Publishes messages (any topics) with one write per partition; confirms in input order. */
  public CompletionStage<List<Confirm>> publishAll(List<Message> messages) {
    return gate.afterReady(() -> publishing.publishAll(messages));
  }

  /**
   * Like {@link #publishAll}, but a bad message, unknown topic or full partition fails only its
   * own.
   */
  public CompletionStage<List<PublishOutcome>> publishEach(List<Message> messages) {
    return gate.afterReady(() -> publishing.publishEach(messages));
  }

  /**
   * Returns a flow that publishes and emits confirms in order. It batches what arrives together,
   * keeps at most {@code parallelism} batches unconfirmed, and fails on the first refused publish.
   */
  public Flow<Message, Confirm, NotUsed> publisher(int parallelism) {
    return PublishFlow.of(settings.maxBatchMessages(), parallelism, this::publishAll);
  }

  /** Returns a sink that publishes everything and completes when all is confirmed. */
  public Sink<Message, CompletionStage<Done>> publishSink(int parallelism) {
    return publisher(parallelism).toMat(Sink.ignore(), Keep.right());
  }

  /**
   * Returns the deliveries of a group to one consumer; cancel the stream or stop the control to
   * leave the group. Fails with {@code UNKNOWN_TOPIC} or {@code UNKNOWN_GROUP}.
   */
  public Source<Delivery, ConsumerControl> source(
      String topic, String group, ConsumerSettings consumer) {
    return Consuming.checkedNames(topic, group)
        .map(Consuming::refused)
        .orElseGet(
            () ->
                consuming.source(
                    gate.afterReady(() -> consuming.groupTopic(topic, group)), group, consumer));
  }

  /**
   * Like {@link #source}, but hands each delivery to {@code outlet} on the consumer's thread (no
   * stream).
   */
  public ConsumerControl consume(
      String topic, String group, ConsumerSettings consumer, DeliveryOutlet outlet) {
    return consuming.consume(
        gate.afterReady(() -> consuming.groupTopic(topic, group)), group, consumer, outlet);
  }

  /** Takes up to {@code max} deliveries, waiting up to {@code wait} for the first. */
  public CompletionStage<List<Delivery>> pull(String topic, String group, int max, Duration wait) {
    return ReadyGate.guarded(
        () -> {
          consuming.checkPull(max, wait);
          return gate.afterReady(() -> consuming.pull(topic, group, max, wait));
        });
  }

  /** Acknowledges deliveries by receipt, from any node. */
  public CompletionStage<AckResult> ack(String topic, String group, List<Receipt> receipts) {
    return settle(topic, group, receipts, PartitionProtocol.SettleKind.ACK, Duration.ZERO);
  }

  /** Returns deliveries for redelivery after {@code delay}. */
  public CompletionStage<AckResult> nack(
      String topic, String group, List<Receipt> receipts, Duration delay) {
    return settle(topic, group, receipts, PartitionProtocol.SettleKind.NACK, delay);
  }

  private CompletionStage<AckResult> settle(
      String topic,
      String group,
      List<Receipt> receipts,
      PartitionProtocol.SettleKind kind,
      Duration delay) {
    return gate.afterReady(() -> consuming.settle(topic, group, receipts, kind, delay));
  }

  /** Adds a route; refuses control characters in its pattern and a dead-letter target. */
  public CompletionStage<Done> addRoute(Route route) {
    return ReadyGate.guarded(() -> gate.afterReady(() -> engines.routes().add(route)));
  }

  /** Removes a route; fails with {@code INVALID_ARGUMENT} when there is no such route. */
  public CompletionStage<Done> removeRoute(Route route) {
    return gate.afterReady(() -> engines.routes().remove(route));
  }

  /** Returns every route of the cluster. */
  public CompletionStage<List<Route>> routes() {
    return gate.afterReady(engines.routes()::list);
  }

  /** Publishes through the router to every topic bound to the message's type. */
  public CompletionStage<List<Confirm>> route(Message message) {
    return gate.afterReady(() -> engines.routes().route(message));
  }

  /** Returns up to {@code limit} dead letters of a topic, oldest first, with their reasons. */
  public CompletionStage<List<Message>> deadLetters(String topic, int limit) {
    return gate.afterReady(() -> engines.deadLetters().list(topic, limit));
  }

  /** Sends up to {@code max} dead letters back to the group that failed them. */
  public CompletionStage<Integer> replayDeadLetters(String topic, int max) {
    return gate.afterReady(() -> engines.deadLetters().replay(topic, max));
  }

  /**
   * Sends the dead letters of {@code topic} whose message ids are in {@code ids}, looked for among
   * the oldest {@code scan}, back to the group that failed them; returns the ids that went.
   */
  public CompletionStage<List<String>> replayDeadLetters(String topic, Set<String> ids, int scan) {
    return gate.afterReady(() -> engines.deadLetters().replay(topic, ids, scan));
  }

  /** Removes up to {@code max} of the oldest dead letters of a topic for good; returns how many. */
  public CompletionStage<Integer> purgeDeadLetters(String topic, int max) {
    return gate.afterReady(() -> engines.deadLetters().purge(topic, max));
  }

  /**
   * Runs {@code handler} for the group's messages as {@code concurrency} sharded workers. Call it
   * on every node that should host workers, with the same handler. Fails with {@code INVALID_NAME}
   * for a bad topic or group name, {@code INVALID_ARGUMENT} for a concurrency outside 1..10,000.
   */
  public CompletionStage<ConsumerControl> runWorkers(
      String topic, String group, WorkerHandler handler, int concurrency) {
    return ReadyGate.guarded(
        () -> {
          Names.requireTopic(topic);
          Names.requireGroup(group);
          return CompletableFuture.completedFuture(
              WorkerPool.start(
                  system,
                  engines.directory(),
                  topic,
                  group,
                  handler,
                  concurrency,
                  settings.workerKeepAlive()));
        });
  }

  /** Sends a request; streams its chunks then its final reply (see docs/requests.md). */
  @Override
  public Source<ReplyChunk, NotUsed> request(Message message, RequestOptions options) {
    // Sent when the stream is materialized, once per materialization (the same id: one request).
    return gate.source(() -> requests.request(message, options))
        .mapMaterializedValue(m -> NotUsed.getInstance());
  }

  /**
   * As {@link #request}; its stage completes once the request is stored (the edges' "accepted").
   */
  public Source<ReplyChunk, CompletionStage<Done>> requestAccepted(
      Message message, RequestOptions options) {
    return gate.source(() -> requests.send(message, options))
        .mapMaterializedValue(stage -> stage.thenComposeAsync(accepted -> accepted, executor));
  }

  /** Reattaches to a request: what follows {@code cursor}; {@code EXPIRED} after the retention. */
  @Override
  public Source<ReplyChunk, NotUsed> replies(String requestId, long cursor) {
    return gate.source(() -> requests.replies(requestId, cursor))
        .mapMaterializedValue(m -> NotUsed.getInstance());
  }

  /**
   * Returns a worker group's requests to answer (a {@link #source} whose deliveries are requests).
   */
  public Source<RequestDelivery, ConsumerControl> requests(
      String topic, String group, ConsumerSettings consumer) {
    return requests.requests(source(topic, group, consumer), consumer.credit());
  }

  /** Returns what an edge does to a request beside its streams (cancel, detach, its topic). */
  public RequestSide requestSide() {
    return requests;
  }
}
