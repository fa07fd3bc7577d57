package io.switchboard.internal.request;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import io.switchboard.consumer.ConsumerControl;
import io.switchboard.consumer.Delivery;
import io.switchboard.internal.ask.Asks;
import io.switchboard.internal.deadletter.DeadLetter;
import io.switchboard.internal.protocol.PartitionProtocol;
import io.switchboard.internal.publish.Publishing;
import io.switchboard.internal.request.ReplyProtocol.Command;
import io.switchboard.message.Message;
import io.switchboard.message.MessageIds;
import io.switchboard.message.MessageValidator;
import io.switchboard.priority.SchedulingHeaders;
import io.switchboard.request.Outcome;
import io.switchboard.request.ReplyChunk;
import io.switchboard.request.RequestDelivery;
import io.switchboard.request.RequestMetrics;
import io.switchboard.request.RequestOptions;
import io.switchboard.request.RequestSide;
import io.switchboard.request.Usage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The request side of the API on one node: sends requests, reads reply streams by cursor, and turns
 * a worker group's deliveries into {@link RequestDelivery}s. Reached through {@code Switchboard}.
 */
public final class Requests implements RequestSide {
  /** Marks a message sent by {@code request}. */
  public static final String REQUEST_HEADER = "switchboard-request";

  /** The request's deadline, epoch milliseconds. */
  public static final String DEADLINE_HEADER = "switchboard-request-deadline";

  private final ActorSystem<?> system;
  private final RequestSettings settings;
  private final Asks asks;
  private final Publishing publishing;
  private final MessageValidator validator;
  private final Function<String, RecipientRef<PartitionProtocol.Command>> deadLetterPartition;
  private final Clock clock;
  private final int maxChunkBytes;
  private final Function<Delivery, CompletionStage<?>> renewLease;
  private final Map<String, RunningRequest> running = new ConcurrentHashMap<>();
  private final ActorRef<ReplyProtocol.Notice> watcher;
  private final RequestMetrics metrics;

  public Requests(
      ActorSystem<?> system,
      RequestSettings settings,
      Asks asks,
      Publishing publishing,
      MessageValidator validator,
      int maxChunkBytes,
      Function<String, RecipientRef<PartitionProtocol.Command>> deadLetterPartition,
      Function<Delivery, CompletionStage<?>> renewLease,
      Clock clock,
      RequestMetrics metrics) {
    this.system = system;
    this.settings = settings;
    this.asks = asks;
    this.publishing = publishing;
    this.validator = validator;
    this.maxChunkBytes = maxChunkBytes;
    this.renewLease = renewLease;
    this.deadLetterPartition = deadLetterPartition;
    this.clock = clock;
    this.metrics = metrics;
    this.watcher =
        system.systemActorOf(
            RequestWatcher.create(running),
            "switchboard-request-watcher-" + MessageIds.next(),
            Props.empty());
  }

  Executor executor() {
    return system.executionContext();
  }

  private RecipientRef<Command> stream(String requestId) {
    return ClusterSharding.get(system).entityRefFor(ReplyStream.ENTITY_TYPE_KEY, requestId);
  }

  /** Opens the reply stream, publishes the request, then streams its replies from the start. */
  public Source<ReplyChunk, NotUsed> request(Message message, RequestOptions options) {
    return send(message, options).mapMaterializedValue(accepted -> NotUsed.getInstance());
  }

  /**
   * As {@link #request}; the materialized stage completes once the request is stored (the wire
   * edges tell their caller "accepted" then) and fails as the stream does when it is not.
   */
  public Source<ReplyChunk, CompletionStage<Done>> send(Message sent, RequestOptions options) {
    Message message = options.applyTo(sent);
    int window;
    try {
      validator.validate(message);
      window = settings.windowOf(options.window());
    } catch (SwitchboardException refused) {
      return Source.<ReplyChunk>failed(refused)
          .mapMaterializedValue(n -> CompletableFuture.failedFuture(refused));
    }
    Duration timeout = options.timeout() != null ? options.timeout() : settings.defaultTimeout();
    long deadline = clock.millis() + timeout.toMillis();
    Map<String, String> headers = new LinkedHashMap<>(message.headers());
    headers.put(REQUEST_HEADER, "1");
    headers.put(DEADLINE_HEADER, Long.toString(deadline));
    Message tagged = message.withHeaders(headers);
    String id = message.id();
    RecipientRef<Command> stream = stream(id); // one per request: building a ref encodes its id
    CompletionStage<Done> accepted =
        asks.<Command, Done>askWithStatus(
                stream,
                replyTo ->
                    new ReplyProtocol.Open(
                        deadline,
                        message.topic(),
                        window,
                        message.headers().get(SchedulingHeaders.TENANT),
                        replyTo))
            // The library's own headers pass here only (the user's were checked above).
            .thenComposeAsync(open -> publishing.replay(List.of(tagged)), executor())
            .handleAsync(
                (confirms, failure) -> {
                  if (failure != null) {
                    stream.tell(
                        new ReplyProtocol.Cancel(
                            "not accepted: " + Asks.translate(failure).getMessage()));
                    throw Asks.translate(failure);
                  }
                  return Done.getInstance();
                },
                executor());
    return Source.completionStageSource(
            accepted.thenApplyAsync(done -> readFrom(stream, 0, window), executor()))
        .watchTermination(
            (ignored, ended) -> {
              cancelOnCancel(stream, accepted, ended);
              return accepted;
            });
  }

  /**
   * Cancels a request whatever its callers' streams do (idempotent; an ended request stays as it
   * ended).
   */
  @Override
  public void cancel(String requestId, String reason) {
    stream(requestId).tell(new ReplyProtocol.Cancel(reason));
  }

  /**
   * Tells the request that its caller's connection dropped: it is cancelled after {@code
   * switchboard.requests.reattach-grace} unless a caller reattaches ({@link #replies}) before then.
   * The wire edges call this; the library's own streams never do.
   */
  @Override
  public void detach(String requestId) {
    if (settings.reattachGrace().isZero()) {
      cancel(requestId, "the caller went away (switchboard.requests.reattach-grace is 0)");
    } else {
      stream(requestId).tell(new ReplyProtocol.Detach(settings.reattachGrace().toMillis()));
    }
  }

  /**
   * Cancels the request when its caller's stream was cancelled: {@code ended} completes normally on
   * a cancel (or at the end, where a cancel changes nothing) and fails when the stream failed or
   * was torn down (its node stopping), which leaves the request for a reattach. After {@code
   * accepted}, so that a caller that cancels at once cancels what was sent.
   */
  private NotUsed cancelOnCancel(
      RecipientRef<Command> stream, CompletionStage<Done> accepted, CompletionStage<Done> ended) {
    ended
        .thenCombineAsync(accepted, (left, stored) -> left, executor())
        .thenAcceptAsync(
            left -> stream.tell(new ReplyProtocol.Cancel("the caller cancelled its stream")),
            executor());
    return NotUsed.getInstance();
  }

  /** Streams what follows {@code cursor}; cancelling before the final reply cancels the request. */
  public Source<ReplyChunk, NotUsed> replies(String requestId, long cursor) {
    if (requestId == null || requestId.isEmpty() || cursor < 0) {
      return Source.failed(
          new SwitchboardException(
              ErrorCode.INVALID_ARGUMENT,
              "a reattach needs a request id and a cursor >= 0, got '"
                  + requestId
                  + "' and "
                  + cursor));
    }
    RecipientRef<Command> stream = stream(requestId);
    return readFrom(stream, cursor, settings.window())
        .watchTermination(
            (ignored, ended) ->
                cancelOnCancel(
                    stream, CompletableFuture.completedFuture(Done.getInstance()), ended));
  }

  private Source<ReplyChunk, NotUsed> readFrom(
      RecipientRef<Command> stream, long cursor, int window) {
    return ReplyCursor.source(stream, cursor, window, asks, executor());
  }

  /** Returns the group's deliveries as requests; those that must not start are settled here. */
  public Source<RequestDelivery, ConsumerControl> requests(
      Source<Delivery, ConsumerControl> deliveries, int parallelism) {
    return deliveries
        .mapAsync(parallelism, this::begin)
        .mapConcat(started -> started.map(List::of).orElse(List.of()));
  }

  private CompletionStage<Optional<RequestDelivery>> begin(Delivery delivery) {
    String id = delivery.message().id();
    RecipientRef<Command> stream = stream(id);
    return asks.<Command, ReplyProtocol.Begun>ask(
            stream, replyTo -> new ReplyProtocol.Begin(watcher, replyTo))
        .thenComposeAsync(
            begun -> {
              if (begun.known() && begun.outcome() == null) {
                recordQueueWait(delivery.message(), begun.queuedMillis());
                RunningRequest started =
                    new RunningRequest(
                        delivery,
                        stream,
                        begun.generation(),
                        begun.streamed(),
                        this,
                        clock.millis());
                running.put(runningKey(id, begun.generation()), started);
                return CompletableFuture.completedFuture(Optional.<RequestDelivery>of(started));
              }
              if (begun.outcome() == Outcome.DEADLINE_EXCEEDED) {
                return deadLetter(delivery)
                    .thenApplyAsync(done -> Optional.<RequestDelivery>empty(), executor());
              }
              if (!begun.known()) {
                system
                    .log()
                    .warn(
                        "message {} on {} is not a request (no reply stream): settled without running",
                        id,
                        delivery.message().topic());
              }
              delivery.ack(); // cancelled, already answered, or not a request: never runs
              return CompletableFuture.completedFuture(Optional.<RequestDelivery>empty());
            },
            executor())
        .exceptionallyAsync(
            failure -> {
              // The reply stream did not answer (TIMEOUT): try again later rather than end the
              // source.
              system
                  .log()
                  .warn("request {} could not start, given back: {}", id, failure.toString());
              delivery.nack();
              return Optional.empty();
            },
            executor());
  }

  private void recordQueueWait(Message request, long queuedMillis) {
    if (queuedMillis >= 0) {
      metrics.queueWait(
          ReplyMeter.label(request, SchedulingHeaders.PRIORITY),
          ReplyMeter.label(request, SchedulingHeaders.TENANT),
          Duration.ofMillis(queuedMillis));
    }
  }

  /**
   * Publishes a request that reached a worker after its deadline to the dead letters, then settles
   * it.
   */
  private CompletionStage<Done> deadLetter(Delivery delivery) {
    RecipientRef<PartitionProtocol.Command> target =
        deadLetterPartition.apply(delivery.message().topic());
    if (target == null) {
      delivery.ack();
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    Message letter =
        DeadLetter.of(
            delivery.message(),
            delivery.group(),
            "DEADLINE_EXCEEDED: still queued at its deadline",
            delivery.partition(),
            delivery.offset(),
            Instant.ofEpochMilli(clock.millis()));
    return asks.<PartitionProtocol.Command, PartitionProtocol.PublishReply>ask(
            target, replyTo -> new PartitionProtocol.Publish(List.of(letter), replyTo))
        .handleAsync(
            (reply, failure) -> {
              if (failure == null && reply.errorCode() == null) {
                delivery.ack();
              } else {
                delivery.nack(); // try again on the next delivery
              }
              return Done.getInstance();
            },
            executor());
  }

  CompletionStage<Done> append(
      RecipientRef<Command> stream, int generation, long seq, byte[] chunk) {
    return asks.askWithStatus(
        stream, replyTo -> new ReplyProtocol.Append(generation, seq, chunk, replyTo));
  }

  CompletionStage<Done> finish(
      RecipientRef<Command> stream,
      int generation,
      Outcome outcome,
      String reason,
      byte[] last,
      Usage usage) {
    if (last != null && last.length > maxChunkBytes) {
      return CompletableFuture.failedFuture(tooLarge(last));
    }
    return asks.askWithStatus(
        stream,
        replyTo -> new ReplyProtocol.Finish(generation, outcome, reason, last, usage, replyTo));
  }

  CompletionStage<Done> reportUsage(RecipientRef<Command> stream, int generation, Usage usage) {
    return asks.askWithStatus(
        stream,
        replyTo ->
            new ReplyProtocol.ReportUsage(generation, Objects.requireNonNull(usage), replyTo));
  }

  /** Returns why a chunk cannot be sent (too large), or null. */
  SwitchboardException refusal(byte[] chunk) {
    return chunk.length > maxChunkBytes ? tooLarge(chunk) : null;
  }

  private SwitchboardException tooLarge(byte[] chunk) {
    return new SwitchboardException(
        ErrorCode.PAYLOAD_TOO_LARGE,
        "a reply chunk is "
            + chunk.length
            + " bytes, the limit is "
            + maxChunkBytes
            + " (switchboard.limits.max-payload-bytes)");
  }

  /**
   * Returns the topic a request was sent to, for access checks: empty for an unknown id and for a
   * request stored before reply streams kept their topic.
   */
  @Override
  public CompletionStage<Optional<String>> topicOf(String requestId) {
    return describe(requestId).thenApplyAsync(d -> Optional.ofNullable(d.topic()), executor());
  }

  /** Returns a reply stream's counters. */
  public CompletionStage<ReplyProtocol.Description> describe(String requestId) {
    return asks.ask(stream(requestId), ReplyProtocol.Describe::new);
  }

  /**
   * Renews the delivery's lease at the partition if the last renewal is older than the interval.
   */
  void renewIfDue(RunningRequest delivery) {
    if (delivery.renewalDue(clock.millis(), settings.leaseRenewInterval().toMillis())) {
      renewLease.apply(delivery.delivery());
    }
  }

  void forget(RunningRequest delivery) {
    running.remove(runningKey(delivery.requestId(), delivery.generation()), delivery);
  }

  /** Keys a running delivery by request and generation: an old and a new one may share a node. */
  static String runningKey(String requestId, int generation) {
    return requestId + "#" + generation;
  }
}
