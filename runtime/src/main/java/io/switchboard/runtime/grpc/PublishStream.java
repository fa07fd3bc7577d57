package io.switchboard.runtime.grpc;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.switchboard.ErrorCode;
import io.switchboard.message.Message;
import io.switchboard.producer.PublishOutcome;
import io.switchboard.protocol.v1.Error;
import io.switchboard.protocol.v1.PublishRequest;
import io.switchboard.protocol.v1.PublishResponse;
import io.switchboard.protocol.v1.PublishResult;
import io.switchboard.runtime.auth.Principal;
import io.switchboard.runtime.auth.TenantStamp;
import io.switchboard.runtime.quota.RateLimits;
import io.switchboard.runtime.quota.TenantRateLimiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * One Publish stream: each request's messages are checked and built as the HTTP API does, then
 * handed to {@code Switchboard.publishEach} from the transport's thread; requests that arrive while
 * {@code publish-parallelism} publishes run are joined into the next one ({@link PublishJoiner}),
 * so the partitions write many messages per journal write. Each request is answered with one result
 * per message once stored. At most {@code max-publishes-in-flight} requests are being stored or
 * waiting for their answer; beyond that the node stops reading the stream.
 */
final class PublishStream implements StreamObserver<PublishRequest> {
  /** A request on its way: its checked messages and the results known so far (refusals). */
  private record Pending(
      PublishRequest request,
      PublishResult[] results,
      List<Message> messages,
      List<Integer> positions) {}

  private final GrpcEdge edge;
  private final ResponseStream<PublishResponse> responses;
  private final PublishJoiner<Pending> joiner;
  private final Principal principal;
  private final String tenant;
  private final TenantRateLimiter limiter;

  PublishStream(GrpcEdge edge, ServerCallStreamObserver<PublishResponse> call) {
    this.edge = edge;
    // made in the call's context, where the caller is known
    this.principal = AccessInterceptor.PRINCIPAL.get();
    this.tenant = TenantStamp.of(principal);
    this.limiter = RateLimits.get(edge.switchboard().system());
    int window = edge.settings().maxPublishesInFlight();
    this.responses = new ResponseStream<>(call, window, () -> {}, () -> {});
    // the window of requests the call reads bounds what waits in the joiner
    this.joiner =
        new PublishJoiner<>(
            edge.settings().publishParallelism(),
            edge.settings().maxBatch(),
            pending -> pending.messages().size(),
            this::publish);
  }

  @Override
  public void onNext(PublishRequest request) {
    responses.accepted();
    StatusRuntimeException refusal = RefusedRequests.take(request);
    if (refusal != null) {
      responses.fail(refusal);
      return;
    }
    if (MalformedRequests.isMalformed(request)) {
      responses.fail(MalformedRequests.status());
      return;
    }
    int count = request.getMessagesCount();
    if (count > edge.settings().maxBatch()) {
      answerAll(
          request,
          GrpcErrors.error(
              ErrorCode.INVALID_ARGUMENT.name(),
              "a PublishRequest holds at most "
                  + edge.settings().maxBatch()
                  + " messages (switchboard.grpc.max-batch), got "
                  + count,
              Duration.ZERO));
      return;
    }
    // requests per message shows how well clients batch (one request per message costs the most)
    edge.metrics()
        .grpc("publish.requests", count == 0 ? "" : request.getMessages(0).getTopic(), "", 1);
    Pending pending = checked(request);
    try {
      limiter.admit(principal, pending.messages());
    } catch (RuntimeException refused) {
      // over the tenant's limit (or a bad cost): none of the request's messages is stored
      Error error = edge.errors().toError(refused);
      pending.positions().forEach(position -> pending.results()[position] = failed(error));
      answer(pending);
      return;
    }
    if (pending.messages().isEmpty()) {
      answer(pending);
    } else {
      joiner.offer(pending);
    }
  }

  @Override
  public void onError(Throwable failure) {
    // the client cancelled or the connection broke: what is being stored finishes, unanswered
  }

  @Override
  public void onCompleted() {
    responses.inputCompleted();
  }

  /** Builds the request's messages; a refused one gets its result at once. */
  private Pending checked(PublishRequest request) {
    int count = request.getMessagesCount();
    PublishResult[] results = new PublishResult[count];
    List<Message> messages = new ArrayList<>(count);
    List<Integer> positions = new ArrayList<>(count);
    TopicTally published = new TopicTally("published");
    for (int i = 0; i < count; i++) {
      try {
        Message message = edge.messages().toMessage(request.getMessages(i), tenant);
        published.count(message.topic());
        messages.add(message);
        positions.add(i);
      } catch (RuntimeException refused) {
        results[i] = failed(edge.errors().toError(refused));
      }
    }
    published.report();
    return new Pending(request, results, messages, positions);
  }

  /**
   * Publishes the messages of several requests at once, fills in their results and answers them.
   */
  private CompletionStage<List<Pending>> publish(List<Pending> batch) {
    List<Message> messages = new ArrayList<>();
    batch.forEach(pending -> messages.addAll(pending.messages()));
    return edge.switchboard()
        .publishEach(messages)
        .handleAsync(
            (outcomes, failure) -> {
              TopicTally confirmed = new TopicTally("confirmed");
              int next = 0;
              for (Pending pending : batch) {
                for (int position : pending.positions()) {
                  pending.results()[position] =
                      failure != null
                          ? failed(edge.errors().toError(failure))
                          : result(outcomes.get(next), confirmed);
                  next++;
                }
              }
              confirmed.report();
              // answered here, on the dispatcher thread that recorded the partitions' answers (the
              // library
              // makes that one hop off the partition): a further hop only waited for a core
              batch.forEach(this::answer);
              return batch;
            },
            Runnable::run);
  }

  private void answer(Pending pending) {
    responses.answer(
        PublishResponse.newBuilder()
            .setFirstSequence(pending.request().getFirstSequence())
            .addAllResults(List.of(pending.results()))
            .build());
  }

  private void answerAll(PublishRequest request, Error error) {
    PublishResponse.Builder response =
        PublishResponse.newBuilder().setFirstSequence(request.getFirstSequence());
    for (int i = 0; i < request.getMessagesCount(); i++) {
      response.addResults(failed(error));
    }
    responses.answer(response.build());
  }

  private PublishResult result(PublishOutcome outcome, TopicTally confirmed) {
    if (outcome.failure() != null) {
      return failed(edge.errors().toError(outcome.failure()));
    }
    confirmed.count(outcome.confirm().topic());
    return PublishResult.newBuilder().setConfirm(ProtoMessages.toProto(outcome.confirm())).build();
  }

  /**
   * Counts messages per topic for a metric and reports each run of one topic once: registering a
   * counter per message cost more than the message's own bookkeeping.
   */
  private final class TopicTally {
    private final String event;
    private String topic;
    private int count;

    TopicTally(String event) {
      this.event = event;
    }

    void count(String next) {
      if (!next.equals(topic)) {
        report();
        topic = next;
      }
      count++;
    }

    void report() {
      if (count > 0) {
        edge.metrics().grpc(event, topic, "", count);
        count = 0;
      }
    }
  }

  private static PublishResult failed(Error error) {
    return PublishResult.newBuilder().setError(error).build();
  }
}
