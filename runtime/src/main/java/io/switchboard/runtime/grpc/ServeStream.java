package io.switchboard.runtime.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import io.switchboard.consumer.ConsumerControl;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.protocol.v1.Answered;
import io.switchboard.protocol.v1.FailRequest;
import io.switchboard.protocol.v1.ReportUsage;
import io.switchboard.protocol.v1.RequestStopped;
import io.switchboard.protocol.v1.RequestToServe;
import io.switchboard.protocol.v1.ServeRequest;
import io.switchboard.protocol.v1.ServeResponse;
import io.switchboard.protocol.v1.Subscribe;
import io.switchboard.protocol.v1.Subscribed;
import io.switchboard.request.RequestDelivery;
import io.switchboard.request.Usage;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * One Serve stream: a worker of the library ({@code Switchboard.requests}) bridged to the call. A
 * request goes to the worker while fewer than the stream's credit run on it and the call is ready;
 * its answers come back keyed by request id, each acknowledged once stored (or refused); its
 * cancellation notice is sent as {@code RequestStopped}. The stream ending in any way stops the
 * worker, so its unanswered requests go to other workers of the group at once.
 */
final class ServeStream implements StreamObserver<ServeRequest> {
  private final GrpcEdge edge;
  private final ServerCallStreamObserver<ServeResponse> call;
  private final ReadyOutbox<ServeResponse> outbox;
  private final Map<String, RequestDelivery> running = new ConcurrentHashMap<>();
  private final RunningLimit limit = new RunningLimit();
  private final StoppedRequests stoppedRequests = new StoppedRequests();
  private ConsumerControl control;
  private boolean subscribed;
  private boolean stopped;

  ServeStream(GrpcEdge edge, ServerCallStreamObserver<ServeResponse> call) {
    this.edge = edge;
    this.call = call;
    this.outbox = new ReadyOutbox<>(call, this::stop);
    // Reads the Subscribe, then one answer per request that may run here: a worker cannot queue
    // unbounded work on the node.
    call.disableAutoRequest();
    call.request(1);
    edge.servers().add(this);
  }

  /**
   * Ends the stream with UNAVAILABLE NOT_READY before the port closes, so the worker reconnects to
   * another node; its requests go back to the group (another worker continues them).
   */
  void nodeStopping() {
    outbox.fail(
        GrpcErrors.status(
            Status.Code.UNAVAILABLE,
            GrpcErrors.error(
                ErrorCode.NOT_READY.name(),
                "the node is stopping: serve from another node",
                edge.settings().defaultRetryAfter())));
    stop();
  }

  @Override
  public void onNext(ServeRequest request) {
    StatusRuntimeException refusal = RefusedRequests.take(request);
    if (refusal != null) {
      outbox.fail(refusal);
      stop();
      return;
    }
    try {
      if (MalformedRequests.isMalformed(request)) {
        throw MalformedRequests.status();
      }
      switch (request.getActionCase()) {
        case SUBSCRIBE -> subscribe(request.getSubscribe());
        case REPLY ->
            answer(
                request.getReply().getAnswerId(),
                request.getReply().getRequestId(),
                delivery -> delivery.reply(request.getReply().getPayload().toByteArray()),
                false);
        case COMPLETE ->
            answer(
                request.getComplete().getAnswerId(),
                request.getComplete().getRequestId(),
                delivery -> complete(delivery, request.getComplete()),
                true);
        case FAIL ->
            answer(
                request.getFail().getAnswerId(),
                request.getFail().getRequestId(),
                delivery -> fail(delivery, request.getFail()),
                true);
        case REPORT_USAGE -> reportUsage(request.getReportUsage());
        default ->
            throw invalid(
                "a ServeRequest holds one of subscribe, reply, complete, fail or report_usage;"
                    + " got none");
      }
    } catch (RuntimeException refused) {
      outbox.fail(edge.errors().toStatus(refused));
      stop();
    }
  }

  @Override
  public void onError(Throwable failure) {
    stop();
  }

  @Override
  public void onCompleted() {
    stop();
    outbox.complete();
  }

  private void subscribe(Subscribe subscribe) {
    int credit = subscribe.getCredit();
    synchronized (this) {
      if (subscribed) {
        throw invalid("this stream already subscribed; open another stream");
      }
      if (credit < 1 || credit > edge.settings().maxCredit()) {
        throw invalid(
            "Subscribe needs a credit (requests at once) of 1 to "
                + edge.settings().maxCredit()
                + " (switchboard.grpc.max-credit), got "
                + credit);
      }
      SubscribeOptions.tokenBudget(subscribe);
      subscribed = true;
    }
    limit.set(credit);
    stoppedRequests.capacity(credit);
    ConsumerSettings consumer = SubscribeOptions.consumerSettings(subscribe, credit);
    call.request(credit); // an answer in flight per request that may run here
    GroupCheck.partitions(edge.switchboard(), subscribe.getTopic(), subscribe.getGroup())
        .whenCompleteAsync(
            (partitions, failure) -> {
              if (failure != null) {
                outbox.fail(edge.errors().toStatus(failure));
              } else {
                start(subscribe.getTopic(), subscribe.getGroup(), consumer, partitions);
              }
            },
            edge.executor());
  }

  private void start(String topic, String group, ConsumerSettings consumer, int partitions) {
    outbox.send(
        ServeResponse.newBuilder()
            .setSubscribed(
                Subscribed.newBuilder()
                    .setConsumerId(consumer.consumerId())
                    .setPartitions(partitions))
            .build());
    Pair<ConsumerControl, CompletionStage<Done>> started =
        edge.switchboard()
            .requests(topic, group, consumer)
            .mapAsync(1, this::offer)
            .toMat(Sink.ignore(), Keep.both())
            .run(edge.materializer());
    synchronized (this) {
      control = started.first();
      if (stopped) {
        control.stop();
        return;
      }
    }
    started
        .second()
        .whenCompleteAsync(
            (done, failure) -> {
              if (failure != null) {
                outbox.fail(edge.errors().toStatus(failure));
              }
              stop();
            },
            edge.executor());
  }

  /** Sends a request once fewer than the credit run here; completes when it went out. */
  private CompletionStage<Done> offer(RequestDelivery delivery) {
    return limit
        .room()
        .thenComposeAsync(
            room -> {
              running.put(delivery.requestId(), delivery);
              limit.taken();
              delivery
                  .cancelled()
                  .thenAcceptAsync(
                      outcome -> {
                        if (finished(delivery)) {
                          stoppedRequests.add(delivery);
                          outbox.send(
                              ServeResponse.newBuilder()
                                  .setStopped(
                                      RequestStopped.newBuilder()
                                          .setRequestId(delivery.requestId())
                                          .setOutcome(outcome.name()))
                                  .build());
                        }
                      },
                      edge.executor());
              RequestToServe.Builder work =
                  RequestToServe.newBuilder()
                      .setMessage(ProtoMessages.toProto(delivery.message()))
                      .setAttempt(delivery.attempt());
              delivery.streamed().forEach(chunk -> work.addStreamed(RequestCalls.toWire(chunk)));
              return outbox.send(ServeResponse.newBuilder().setRequest(work).build());
            },
            edge.executor());
  }

  private void answer(
      long answerId,
      String requestId,
      Function<RequestDelivery, CompletionStage<Done>> action,
      boolean ends) {
    answer(answerId, requestId, running.get(requestId), action, ends);
  }

  private void reportUsage(ReportUsage report) {
    answer(
        report.getAnswerId(),
        report.getRequestId(),
        stoppedRequests.get(report.getRequestId()),
        delivery ->
            withUsage(
                true,
                report.getPromptTokens(),
                report.getCompletionTokens(),
                delivery::reportUsage),
        false);
  }

  private void answer(
      long answerId,
      String requestId,
      RequestDelivery delivery,
      Function<RequestDelivery, CompletionStage<Done>> action,
      boolean ends) {
    CompletionStage<Done> stored =
        delivery == null
            ? CompletableFuture.failedFuture(
                new SwitchboardException(
                    ErrorCode.UNKNOWN_REQUEST,
                    "this stream serves no"
                        + " request '"
                        + requestId
                        + "' (never given to it, already answered, or stopped)"))
            : action.apply(delivery);
    stored.whenCompleteAsync(
        (done, failure) -> {
          Answered.Builder answered =
              Answered.newBuilder().setAnswerId(answerId).setRequestId(requestId);
          if (failure != null) {
            answered.setError(edge.errors().toError(failure));
          } else if (ends) {
            finished(delivery);
          }
          outbox.send(ServeResponse.newBuilder().setAnswered(answered).build());
          if (!outbox.isClosed()) {
            call.request(1);
          }
        },
        edge.executor());
  }

  /**
   * Completes with the usage reported; a bad usage is refused in the answer, the request left
   * running.
   */
  private static CompletionStage<Done> complete(
      RequestDelivery delivery, io.switchboard.protocol.v1.CompleteRequest complete) {
    return withUsage(
        complete.hasPromptTokens() || complete.hasCompletionTokens(),
        complete.getPromptTokens(),
        complete.getCompletionTokens(),
        usage -> delivery.complete(complete.getPayload().toByteArray(), usage));
  }

  /** Fails with the usage reported, as {@link #complete}. */
  private static CompletionStage<Done> fail(RequestDelivery delivery, FailRequest fail) {
    return withUsage(
        fail.hasPromptTokens() || fail.hasCompletionTokens(),
        fail.getPromptTokens(),
        fail.getCompletionTokens(),
        usage -> delivery.fail(fail.getReason(), usage));
  }

  /**
   * Runs {@code action} with the usage given ({@code given} false: null); a negative count is
   * refused in the answer.
   */
  private static CompletionStage<Done> withUsage(
      boolean given, long prompt, long completion, Function<Usage, CompletionStage<Done>> action) {
    Usage usage;
    try {
      usage = given ? Usage.of(prompt, completion) : null;
    } catch (SwitchboardException refused) {
      return CompletableFuture.failedFuture(refused);
    }
    return action.apply(usage);
  }

  /**
   * Removes a request that ended here and makes room for the next; false when it was gone already.
   */
  private boolean finished(RequestDelivery delivery) {
    boolean removed = running.remove(delivery.requestId(), delivery);
    if (removed) {
      limit.released();
    }
    return removed;
  }

  private void stop() {
    ConsumerControl leaving;
    synchronized (this) {
      if (stopped) {
        return;
      }
      stopped = true;
      leaving = control;
    }
    if (leaving != null) {
      leaving.stop(); // what this worker held goes back to the group
    }
    limit.set(Integer.MAX_VALUE); // nothing waits for room on a stopped stream
    edge.servers().remove(this);
  }

  private static SwitchboardException invalid(String why) {
    return new SwitchboardException(ErrorCode.INVALID_ARGUMENT, why);
  }
}
