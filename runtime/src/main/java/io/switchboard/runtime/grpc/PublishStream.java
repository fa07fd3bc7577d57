package io.switchboard.runtime.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.switchboard.ErrorCode;
import io.switchboard.Switchboard;
import io.switchboard.message.Message;
import io.switchboard.producer.PublishOutcome;
import io.switchboard.protocol.v1.Error;
import io.switchboard.protocol.v1.PublishRequest;
import io.switchboard.protocol.v1.PublishResponse;
import io.switchboard.protocol.v1.PublishResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * One Publish stream: each request's messages are checked and built as the HTTP API does, stored
 * with {@link Switchboard#publishEach}, and answered with one result per message once stored.
 * At most {@code max-publishes-in-flight} requests are stored or waiting for their answer.
 */
final class PublishStream implements StreamObserver<PublishRequest> {
  private final GrpcEdge edge;
  private final ResponseStream<PublishResponse> responses;

  PublishStream(GrpcEdge edge, ServerCallStreamObserver<PublishResponse> call) {
    this.edge = edge;
    this.responses = new ResponseStream<>(call, edge.settings().maxPublishesInFlight(), () -> {}, () -> {});
  }

  @Override
  public void onNext(PublishRequest request) {
    responses.accepted();
    if (MalformedRequests.isMalformed(request)) {
      responses.fail(MalformedRequests.status());
      return;
    }
    int count = request.getMessagesCount();
    if (count > edge.settings().maxBatch()) {
      answerAll(request, GrpcErrors.error(ErrorCode.INVALID_ARGUMENT.name(), "a PublishRequest holds at most "
          + edge.settings().maxBatch() + " messages (switchboard.grpc.max-batch), got " + count, Duration.ZERO));
      return;
    }
    PublishResult[] results = new PublishResult[count];
    List<Message> messages = new ArrayList<>(count);
    List<Integer> positions = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      try {
        Message message = edge.messages().toMessage(request.getMessages(i));
        edge.metrics().grpc("published", message.topic(), "", 1);
        messages.add(message);
        positions.add(i);
      } catch (RuntimeException refused) {
        results[i] = failed(edge.errors().toError(refused));
      }
    }
    if (messages.isEmpty()) {
      responses.answer(response(request, results));
      return;
    }
    edge.switchboard().publishEach(messages).whenCompleteAsync((outcomes, failure) -> {
      for (int j = 0; j < positions.size(); j++) {
        results[positions.get(j)] = failure != null ? failed(edge.errors().toError(failure)) : result(outcomes.get(j));
      }
      responses.answer(response(request, results));
    }, edge.executor());
  }

  @Override
  public void onError(Throwable failure) {
    // the client cancelled or the connection broke: answers still on their way are dropped
  }

  @Override
  public void onCompleted() {
    responses.inputCompleted();
  }

  private void answerAll(PublishRequest request, Error error) {
    PublishResponse.Builder response = PublishResponse.newBuilder().setFirstSequence(request.getFirstSequence());
    for (int i = 0; i < request.getMessagesCount(); i++) {
      response.addResults(failed(error));
    }
    responses.answer(response.build());
  }

  private PublishResult result(PublishOutcome outcome) {
    if (outcome.failure() != null) {
      return failed(edge.errors().toError(outcome.failure()));
    }
    edge.metrics().grpc("confirmed", outcome.confirm().topic(), "", 1);
    return PublishResult.newBuilder().setConfirm(ProtoMessages.toProto(outcome.confirm())).build();
  }

  private static PublishResult failed(Error error) {
    return PublishResult.newBuilder().setError(error).build();
  }

  private static PublishResponse response(PublishRequest request, PublishResult[] results) {
    return PublishResponse.newBuilder().setFirstSequence(request.getFirstSequence())
        .addAllResults(List.of(results)).build();
  }
}
