package io.switchboard.runtime.grpc;

import com.google.protobuf.ByteString;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.switchboard.protocol.v1.Answered;
import io.switchboard.protocol.v1.CompleteRequest;
import io.switchboard.protocol.v1.FailRequest;
import io.switchboard.protocol.v1.RequestStopped;
import io.switchboard.protocol.v1.RequestToServe;
import io.switchboard.protocol.v1.SendReply;
import io.switchboard.protocol.v1.ServeRequest;
import io.switchboard.protocol.v1.ServeResponse;
import io.switchboard.protocol.v1.Subscribe;
import io.switchboard.protocol.v1.SwitchboardGrpc;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One Serve stream seen from a worker: the requests given to it, and answers to send (each
 * awaited).
 */
final class ServeClient implements ClientResponseObserver<ServeRequest, ServeResponse> {
  final List<RequestToServe> requests = new CopyOnWriteArrayList<>();
  final List<RequestStopped> stopped = new CopyOnWriteArrayList<>();
  final CompletableFuture<Throwable> ended = new CompletableFuture<>();
  private final Map<Long, CompletableFuture<Answered>> answers = new ConcurrentHashMap<>();
  private final AtomicLong nextAnswer = new AtomicLong(1);
  private ClientCallStreamObserver<ServeRequest> stream;

  static ServeClient subscribe(
      SwitchboardGrpc.SwitchboardStub stub, String topic, String group, int credit) {
    return subscribe(
        stub, Subscribe.newBuilder().setTopic(topic).setGroup(group).setCredit(credit).build());
  }

  static ServeClient subscribe(SwitchboardGrpc.SwitchboardStub stub, Subscribe subscribe) {
    ServeClient client = new ServeClient();
    stub.serve(client);
    client.send(ServeRequest.newBuilder().setSubscribe(subscribe).build());
    return client;
  }

  Answered reply(String requestId, String text) {
    long id = nextAnswer.getAndIncrement();
    return await(
        id,
        ServeRequest.newBuilder()
            .setReply(
                SendReply.newBuilder()
                    .setAnswerId(id)
                    .setRequestId(requestId)
                    .setPayload(ByteString.copyFromUtf8(text)))
            .build());
  }

  Answered reply(String requestId, byte[] payload) {
    long id = nextAnswer.getAndIncrement();
    return await(
        id,
        ServeRequest.newBuilder()
            .setReply(
                SendReply.newBuilder()
                    .setAnswerId(id)
                    .setRequestId(requestId)
                    .setPayload(ByteString.copyFrom(payload)))
            .build());
  }

  Answered complete(String requestId, String text) {
    long id = nextAnswer.getAndIncrement();
    return await(
        id,
        ServeRequest.newBuilder()
            .setComplete(
                CompleteRequest.newBuilder()
                    .setAnswerId(id)
                    .setRequestId(requestId)
                    .setPayload(ByteString.copyFrom(text, StandardCharsets.UTF_8)))
            .build());
  }

  /**
   * Sends a chunk without waiting: the answer completes once the node stored it (or refused it).
   */
  CompletableFuture<Answered> replyAsync(String requestId, byte[] payload) {
    long id = nextAnswer.getAndIncrement();
    CompletableFuture<Answered> answer =
        answers.computeIfAbsent(id, k -> new CompletableFuture<>());
    send(
        ServeRequest.newBuilder()
            .setReply(
                SendReply.newBuilder()
                    .setAnswerId(id)
                    .setRequestId(requestId)
                    .setPayload(ByteString.copyFrom(payload)))
            .build());
    return answer;
  }

  /** Completes with the token usage the request took. */
  Answered complete(String requestId, String text, long promptTokens, long completionTokens) {
    long id = nextAnswer.getAndIncrement();
    return await(
        id,
        ServeRequest.newBuilder()
            .setComplete(
                CompleteRequest.newBuilder()
                    .setAnswerId(id)
                    .setRequestId(requestId)
                    .setPayload(ByteString.copyFrom(text, StandardCharsets.UTF_8))
                    .setPromptTokens(promptTokens)
                    .setCompletionTokens(completionTokens))
            .build());
  }

  Answered fail(String requestId, String reason) {
    long id = nextAnswer.getAndIncrement();
    return await(
        id,
        ServeRequest.newBuilder()
            .setFail(
                FailRequest.newBuilder().setAnswerId(id).setRequestId(requestId).setReason(reason))
            .build());
  }

  /** Breaks the stream as a worker that dies would. */
  void cancel() {
    stream.cancel("the worker is gone", null);
  }

  private Answered await(long id, ServeRequest request) {
    CompletableFuture<Answered> answer =
        answers.computeIfAbsent(id, k -> new CompletableFuture<>());
    send(request);
    return answer.orTimeout(30, TimeUnit.SECONDS).join();
  }

  private synchronized void send(ServeRequest request) {
    stream.onNext(request);
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<ServeRequest> requestStream) {
    this.stream = requestStream;
  }

  @Override
  public void onNext(ServeResponse response) {
    switch (response.getEventCase()) {
      case REQUEST -> requests.add(response.getRequest());
      case STOPPED -> stopped.add(response.getStopped());
      case ANSWERED ->
          answers
              .computeIfAbsent(response.getAnswered().getAnswerId(), k -> new CompletableFuture<>())
              .complete(response.getAnswered());
      default -> {}
    }
  }

  @Override
  public void onError(Throwable failure) {
    ended.complete(failure);
  }

  @Override
  public void onCompleted() {
    ended.complete(null);
  }
}
