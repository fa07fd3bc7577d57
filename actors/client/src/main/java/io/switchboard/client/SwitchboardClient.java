package io.switchboard.client;

import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.switchboard.ErrorCode;
import io.switchboard.Fabric;
import io.switchboard.SwitchboardException;
import io.switchboard.client.internal.ConsumeStage;
import io.switchboard.client.internal.EndToEnd;
import io.switchboard.client.internal.OpenedStreams;
import io.switchboard.client.internal.PublishChannel;
import io.switchboard.client.internal.PublishWindow;
import io.switchboard.client.internal.RemoteAdmin;
import io.switchboard.client.internal.ReplyStage;
import io.switchboard.client.internal.ServeStage;
import io.switchboard.client.internal.UnaryCall;
import io.switchboard.client.internal.WireFormat;
import io.switchboard.consumer.ConsumerControl;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.consumer.Delivery;
import io.switchboard.message.Message;
import io.switchboard.message.MessageIds;
import io.switchboard.producer.Confirm;
import io.switchboard.protocol.v1.CancelRequestRequest;
import io.switchboard.protocol.v1.RepliesRequest;
import io.switchboard.protocol.v1.RequestCall;
import io.switchboard.protocol.v1.SwitchboardGrpc;
import io.switchboard.request.ReplyChunk;
import io.switchboard.request.RequestOptions;
import io.switchboard.routing.Route;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import io.switchboard.topic.TopicStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import scala.concurrent.ExecutionContextExecutor;

/**
 * A remote Switchboard node over gRPC, with the embedded library's API ({@link Fabric}): code
 * written against {@code Switchboard.get(system)} runs against {@code
 * SwitchboardClient.connect(system, settings)} unchanged.
 *
 * <p>Publishes share one Publish stream with a window of {@link ClientSettings#publishWindow()}
 * unconfirmed messages; after a broken connection the client reconnects with backoff and sends the
 * unconfirmed ones again with idempotency keys, so the node stores none twice. Each {@link #source}
 * is a Consume stream of its own, opened again after a break. Stages complete on the system's
 * executor. Close the client to release its connection; publishes not confirmed by then fail with
 * {@code NOT_READY}. With {@link ClientSettings#e2e()} on, payloads of the covered topics are
 * sealed before they leave and opened when they arrive: the node never holds their plaintext.
 */
public final class SwitchboardClient implements Fabric, AutoCloseable {
  private final ClientSettings settings;
  private final ManagedChannel channel;
  private final SwitchboardGrpc.SwitchboardStub stub;
  private final ExecutionContextExecutor executor;
  private final PublishWindow window;
  private final PublishChannel publishing;
  private final UnaryCall calls;
  private final RemoteAdmin admin;
  // end-to-end payload encryption, or null: payloads go as they are
  private final EndToEnd e2e;
  private volatile boolean closed;

  private SwitchboardClient(ActorSystem<?> system, ClientSettings settings) {
    this.settings = settings;
    this.executor = system.executionContext();
    // the keys are read before anything connects: a client without them fails here, not later
    this.e2e =
        settings.e2e().enabled()
            ? new EndToEnd(settings.e2e(), settings.e2e().keys(System::getenv))
            : null;
    // Callbacks run on the transport's threads (no executor hop per message): they only do
    // bookkeeping and hand results to the system's executor or to a stream stage.
    var builder =
        Grpc.newChannelBuilderForAddress(
                settings.host(), settings.port(), settings.tls().credentials())
            .directExecutor();
    if (!settings.token().isEmpty()) {
      Metadata bearer = new Metadata();
      bearer.put(
          Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
          "Bearer " + settings.token());
      builder.intercept(MetadataUtils.newAttachHeadersInterceptor(bearer));
    }
    this.channel = builder.build();
    this.stub = SwitchboardGrpc.newStub(channel);
    this.window = new PublishWindow(settings.publishWindow(), settings.maxQueued());
    this.publishing = new PublishChannel(stub, settings, window, system.scheduler(), executor);
    this.calls = new UnaryCall(stub, settings.callTimeout(), executor);
    this.admin = new RemoteAdmin(calls, executor);
  }

  /** Returns a client of the node in the system's {@code switchboard.client} settings. */
  public static SwitchboardClient connect(ActorSystem<?> system) {
    return connect(system, ClientSettings.fromSystem(system));
  }

  /** Returns a client of the node in {@code settings}; it connects on first use. */
  public static SwitchboardClient connect(ActorSystem<?> system, ClientSettings settings) {
    return new SwitchboardClient(system, settings);
  }

  public ClientSettings settings() {
    return settings;
  }

  /** Returns the publishes sent and not yet answered (at most the publish window). */
  public int unconfirmed() {
    return publishing.unanswered();
  }

  @Override
  public CompletionStage<Confirm> publish(Message message) {
    List<CompletableFuture<Confirm>> confirms = sendWhenRoom(List.of(sealed(message)));
    return confirms.get(0);
  }

  @Override
  public CompletionStage<List<Confirm>> publishAll(List<Message> messages) {
    List<CompletableFuture<Confirm>> confirms = new ArrayList<>(messages.size());
    for (int from = 0; from < messages.size(); from += settings.maxBatch()) {
      confirms.addAll(
          sendWhenRoom(
              sealed(
                  messages.subList(from, Math.min(messages.size(), from + settings.maxBatch())))));
    }
    return inOrder(confirms);
  }

  private CompletionStage<List<Confirm>> inOrder(List<CompletableFuture<Confirm>> confirms) {
    return CompletableFuture.allOf(confirms.toArray(CompletableFuture[]::new))
        .thenApplyAsync(all -> confirms.stream().map(CompletableFuture::join).toList(), executor);
  }

  /** Sends a batch once the window has room for it; one future per message. */
  private List<CompletableFuture<Confirm>> sendWhenRoom(List<Message> batch) {
    CompletableFuture<Void> room = window.acquire(batch.size(), SwitchboardClient::queueFull);
    if (room.isDone() && !room.isCompletedExceptionally()) {
      return publishing.send(batch);
    }
    CompletableFuture<List<CompletableFuture<Confirm>>> sent =
        room.thenApplyAsync(granted -> publishing.send(batch), executor);
    List<CompletableFuture<Confirm>> confirms = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      int index = i;
      confirms.add(sent.thenComposeAsync(each -> each.get(index), executor));
    }
    return confirms;
  }

  /**
   * Returns a flow that publishes and emits confirms in order. It batches what arrives together (up
   * to {@code max-batch}), does not pull while the publish window is full, keeps at most {@code
   * parallelism} batches unconfirmed and fails on the first refused publish.
   */
  @Override
  public Flow<Message, Confirm, NotUsed> publisher(int parallelism) {
    return Flow.<Message>create()
        .map(this::sealed)
        .batch(
            settings.maxBatch(),
            first -> {
              List<Message> batch = new ArrayList<>();
              batch.add(first);
              return batch;
            },
            (batch, next) -> {
              batch.add(next);
              return batch;
            })
        // One batch at a time waits for room, so the flow stops pulling while the window is full.
        .mapAsync(1, this::whenRoom)
        .mapAsync(parallelism, batch -> inOrder(publishing.send(batch)))
        .mapConcat(confirms -> confirms);
  }

  private CompletionStage<List<Message>> whenRoom(List<Message> batch) {
    CompletableFuture<Void> room = window.acquire(batch.size(), SwitchboardClient::queueFull);
    return room.isDone() && !room.isCompletedExceptionally()
        ? CompletableFuture.completedFuture(batch)
        : room.thenApplyAsync(granted -> batch, executor);
  }

  @Override
  public Sink<Message, CompletionStage<Done>> publishSink(int parallelism) {
    return publisher(parallelism).toMat(Sink.ignore(), Keep.right());
  }

  @Override
  public Source<Delivery, ConsumerControl> source(
      String topic, String group, ConsumerSettings consumer) {
    Source<Delivery, ConsumerControl> deliveries =
        Source.fromGraph(new ConsumeStage(stub, settings, topic, group, consumer, () -> closed));
    return e2e == null ? deliveries : deliveries.mapConcat(d -> OpenedStreams.opened(e2e, d));
  }

  private Message sealed(Message message) {
    return e2e == null ? message : e2e.seal(message);
  }

  private List<Message> sealed(List<Message> messages) {
    return e2e == null ? messages : messages.stream().map(e2e::seal).toList();
  }

  /** Returns the deliveries of a group to a consumer with a fresh id and {@code default-credit}. */
  public Source<Delivery, ConsumerControl> source(String topic, String group) {
    return source(
        topic,
        group,
        new ConsumerSettings("consumer-" + MessageIds.next(), settings.defaultCredit(), 1.0));
  }

  /**
   * Sends a request; streams its chunks then its final reply. Cancelling the stream cancels the
   * request.
   */
  @Override
  public Source<ReplyChunk, NotUsed> request(Message message, RequestOptions options) {
    RequestCall call =
        RequestCall.newBuilder()
            .setMessage(WireFormat.toPublish(sealed(options.applyTo(message))))
            .setTimeoutMillis(options.timeout() == null ? 0 : options.timeout().toMillis())
            .setWindow(options.window() == null ? 0 : options.window())
            .build();
    Source<ReplyChunk, NotUsed> chunks =
        Source.fromGraph(
            new ReplyStage<RequestCall>(
                observer -> stub.request(call, observer), () -> cancelRequest(message.id())));
    return e2e != null && e2e.covers(message.topic()) ? chunks.map(e2e::openReply) : chunks;
  }

  /**
   * Reattaches to a request: what follows {@code cursor}; {@code EXPIRED} after the node's
   * retention.
   */
  @Override
  public Source<ReplyChunk, NotUsed> replies(String requestId, long cursor) {
    RepliesRequest call =
        RepliesRequest.newBuilder().setRequestId(requestId).setCursor(cursor).build();
    Source<ReplyChunk, NotUsed> chunks =
        Source.fromGraph(
            new ReplyStage<RepliesRequest>(
                observer -> stub.replies(call, observer), () -> cancelRequest(requestId)));
    // the request's topic is not known here: with e2e on, every chunk must arrive sealed
    return e2e == null ? chunks : chunks.map(e2e::openReply);
  }

  /** Cancels a request (idempotent): its worker is told, its callers' streams fail CANCELLED. */
  public CompletionStage<Done> cancelRequest(String requestId) {
    return calls.call(
        SwitchboardGrpc.SwitchboardStub::cancelRequest,
        CancelRequestRequest.newBuilder().setRequestId(requestId).build(),
        answer -> Done.getInstance());
  }

  /**
   * Returns the requests a worker group gives this worker: at most {@code consumer.credit()}
   * unanswered at once. When the connection breaks or the node stops, the node gives the requests
   * it held to other workers and the source serves again after a backoff ({@code
   * reconnect-min-backoff} to {@code reconnect-max-backoff}); it fails on a refusal that a retry
   * would not change (no such topic, no right).
   */
  public Source<RemoteRequest, ConsumerControl> requests(
      String topic, String group, ConsumerSettings consumer) {
    Source<RemoteRequest, ConsumerControl> requests =
        Source.fromGraph(
            new ServeStage(stub, executor, settings, topic, group, consumer, () -> closed));
    return e2e == null ? requests : requests.mapConcat(r -> OpenedStreams.opened(e2e, r));
  }

  @Override
  public CompletionStage<TopicConfig> createTopic(TopicConfig config) {
    return admin.createTopic(config);
  }

  @Override
  public CompletionStage<Optional<TopicConfig>> describeTopic(String topic) {
    return admin.describeTopic(topic);
  }

  @Override
  public CompletionStage<List<TopicConfig>> listTopics() {
    return admin.listTopics();
  }

  @Override
  public CompletionStage<Done> deleteTopic(String topic) {
    return admin.deleteTopic(topic);
  }

  @Override
  public CompletionStage<TopicStats> stats(String topic) {
    return admin.stats(topic);
  }

  @Override
  public CompletionStage<Done> createGroup(String topic, String group, GroupConfig config) {
    return admin.createGroup(topic, group, config);
  }

  @Override
  public CompletionStage<Map<String, GroupConfig>> listGroups(String topic) {
    return admin.listGroups(topic);
  }

  @Override
  public CompletionStage<Done> deleteGroup(String topic, String group) {
    return admin.deleteGroup(topic, group);
  }

  @Override
  public CompletionStage<Done> addRoute(Route route) {
    return admin.addRoute(route);
  }

  @Override
  public CompletionStage<Done> removeRoute(Route route) {
    return admin.removeRoute(route);
  }

  @Override
  public CompletionStage<List<Route>> routes() {
    return admin.routes();
  }

  @Override
  public CompletionStage<List<Message>> deadLetters(String topic, int limit) {
    return admin.deadLetters(topic, limit);
  }

  @Override
  public CompletionStage<Integer> replayDeadLetters(String topic, int max) {
    return admin.replayDeadLetters(topic, max);
  }

  @Override
  public CompletionStage<List<String>> replayDeadLetters(String topic, Set<String> ids, int scan) {
    return admin.replayDeadLetters(topic, ids, scan);
  }

  @Override
  public CompletionStage<Integer> purgeDeadLetters(String topic, int max) {
    return admin.purgeDeadLetters(topic, max);
  }

  /** Closes the connection; unconfirmed publishes fail with {@code NOT_READY}, sources fail. */
  @Override
  public void close() {
    closed = true;
    publishing.close();
    window.failWaiting(new SwitchboardException(ErrorCode.NOT_READY, "the client is closed"));
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static SwitchboardException queueFull() {
    return new SwitchboardException.Overloaded(
        "the client's publish queue is full (switchboard.client.max-queued): "
            + "wait for confirms before publishing more",
        Duration.ZERO);
  }
}
