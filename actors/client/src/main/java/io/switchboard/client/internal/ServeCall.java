package io.switchboard.client.internal;

import com.google.protobuf.ByteString;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import io.switchboard.client.RemoteRequest;
import io.switchboard.message.Message;
import io.switchboard.protocol.v1.CompleteRequest;
import io.switchboard.protocol.v1.FailRequest;
import io.switchboard.protocol.v1.ReportUsage;
import io.switchboard.protocol.v1.RequestToServe;
import io.switchboard.protocol.v1.SendReply;
import io.switchboard.protocol.v1.ServeRequest;
import io.switchboard.protocol.v1.ServeResponse;
import io.switchboard.request.Outcome;
import io.switchboard.request.ReplyChunk;
import io.switchboard.request.Usage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.pekko.Done;

/**
 * The worker's end of one Serve call: answers go out on it (one writer at a time), come back
 * acknowledged by id, and stop notices reach the request they name. Requests given to the worker
 * are handed to {@code onRequest}; the end of the call to {@code onEnd} (null: completed).
 */
final class ServeCall implements ClientResponseObserver<ServeRequest, ServeResponse> {
  private final Map<Long, CompletableFuture<Done>> answers = new ConcurrentHashMap<>();
  private final Map<String, Request> running = new ConcurrentHashMap<>();
  private final AtomicLong nextAnswer = new AtomicLong(1);
  private final Executor executor;
  private final Consumer<RemoteRequest> onRequest;
  private final Consumer<Throwable> onEnd;
  private ClientCallStreamObserver<ServeRequest> call;
  private boolean closed;

  ServeCall(Executor executor, Consumer<RemoteRequest> onRequest, Consumer<Throwable> onEnd) {
    this.executor = executor;
    this.onRequest = onRequest;
    this.onEnd = onEnd;
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<ServeRequest> requestStream) {
    call = requestStream;
  }

  synchronized void send(ServeRequest request) {
    if (!closed) {
      call.onNext(request);
    }
  }

  /**
   * Ends the call from the worker's side: the node gives what it did not answer to other workers.
   */
  synchronized void close() {
    if (!closed) {
      closed = true;
      call.onCompleted();
    }
  }

  @Override
  public void onNext(ServeResponse response) {
    switch (response.getEventCase()) {
      case REQUEST -> onRequest.accept(started(response.getRequest()));
      case ANSWERED -> {
        CompletableFuture<Done> answer = answers.remove(response.getAnswered().getAnswerId());
        if (answer != null) {
          var answered = response.getAnswered();
          executor.execute(
              () -> {
                if (answered.hasError()) {
                  answer.completeExceptionally(RemoteErrors.of(answered.getError()));
                } else {
                  answer.complete(Done.getInstance());
                }
              });
        }
      }
      case STOPPED -> {
        Request stopped = running.remove(response.getStopped().getRequestId());
        if (stopped != null) {
          Outcome outcome = Outcome.valueOf(response.getStopped().getOutcome());
          executor.execute(() -> stopped.cancelled.complete(outcome));
        }
      }
      default -> {}
    }
  }

  @Override
  public void onError(Throwable failure) {
    end(RemoteErrors.of(failure));
  }

  @Override
  public void onCompleted() {
    end(null);
  }

  private void end(Throwable failure) {
    synchronized (this) {
      closed = true;
    }
    SwitchboardException gone =
        new SwitchboardException(
            ErrorCode.NOT_READY,
            "the Serve stream ended before the node answered: the request goes to another worker");
    answers.values().forEach(answer -> executor.execute(() -> answer.completeExceptionally(gone)));
    answers.clear();
    onEnd.accept(failure);
  }

  private Request started(RequestToServe wire) {
    Message message = WireFormat.fromWire(wire.getMessage());
    List<ReplyChunk> streamed = wire.getStreamedList().stream().map(WireFormat::fromWire).toList();
    Request request = new Request(message, wire.getAttempt(), streamed);
    running.put(message.id(), request);
    return request;
  }

  private CompletionStage<Done> answer(ServeRequest.Builder request, long id) {
    CompletableFuture<Done> answer = new CompletableFuture<>();
    answers.put(id, answer);
    send(request.build());
    synchronized (this) {
      if (closed && answers.remove(id) != null) {
        answer.completeExceptionally(
            new SwitchboardException(ErrorCode.NOT_READY, "the Serve stream has ended"));
      }
    }
    return answer;
  }

  private final class Request implements RemoteRequest {
    private final Message message;
    private final int attempt;
    private final List<ReplyChunk> streamed;
    private final CompletableFuture<Outcome> cancelled = new CompletableFuture<>();

    Request(Message message, int attempt, List<ReplyChunk> streamed) {
      this.message = message;
      this.attempt = attempt;
      this.streamed = streamed;
    }

    @Override
    public String requestId() {
      return message.id();
    }

    @Override
    public Message message() {
      return message;
    }

    @Override
    public int attempt() {
      return attempt;
    }

    @Override
    public List<ReplyChunk> streamed() {
      return streamed;
    }

    @Override
    public CompletionStage<Done> reply(byte[] chunk) {
      long id = nextAnswer.getAndIncrement();
      return answer(
          ServeRequest.newBuilder()
              .setReply(
                  SendReply.newBuilder()
                      .setAnswerId(id)
                      .setRequestId(requestId())
                      .setPayload(ByteString.copyFrom(chunk))),
          id);
    }

    @Override
    public CompletionStage<Done> complete(byte[] last, Usage usage) {
      long id = nextAnswer.getAndIncrement();
      CompleteRequest.Builder complete =
          CompleteRequest.newBuilder()
              .setAnswerId(id)
              .setRequestId(requestId())
              .setPayload(ByteString.copyFrom(last));
      if (usage != null) {
        complete
            .setPromptTokens(usage.promptTokens())
            .setCompletionTokens(usage.completionTokens());
      }
      return ended(answer(ServeRequest.newBuilder().setComplete(complete), id));
    }

    @Override
    public CompletionStage<Done> fail(String reason, Usage usage) {
      long id = nextAnswer.getAndIncrement();
      FailRequest.Builder fail =
          FailRequest.newBuilder().setAnswerId(id).setRequestId(requestId()).setReason(reason);
      if (usage != null) {
        fail.setPromptTokens(usage.promptTokens()).setCompletionTokens(usage.completionTokens());
      }
      return ended(answer(ServeRequest.newBuilder().setFail(fail), id));
    }

    @Override
    public CompletionStage<Done> reportUsage(Usage usage) {
      long id = nextAnswer.getAndIncrement();
      return answer(
          ServeRequest.newBuilder()
              .setReportUsage(
                  ReportUsage.newBuilder()
                      .setAnswerId(id)
                      .setRequestId(requestId())
                      .setPromptTokens(usage.promptTokens())
                      .setCompletionTokens(usage.completionTokens())),
          id);
    }

    @Override
    public CompletionStage<Outcome> cancelled() {
      return cancelled;
    }

    private CompletionStage<Done> ended(CompletionStage<Done> stored) {
      return stored.whenCompleteAsync(
          (done, failure) -> {
            if (failure == null) {
              running.remove(requestId(), this);
            }
          },
          executor);
    }
  }
}
