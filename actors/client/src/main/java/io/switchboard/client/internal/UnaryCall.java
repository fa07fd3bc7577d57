package io.switchboard.client.internal;

import io.grpc.stub.StreamObserver;
import io.switchboard.protocol.v1.SwitchboardGrpc;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Administrative calls as futures: each call has the client's deadline, a failure becomes a {@link
 * io.switchboard.SwitchboardException}, and answers complete on the system's executor.
 */
public final class UnaryCall {
  private final SwitchboardGrpc.SwitchboardStub stub;
  private final Duration timeout;
  private final Executor executor;

  public UnaryCall(SwitchboardGrpc.SwitchboardStub stub, Duration timeout, Executor executor) {
    this.stub = stub;
    this.timeout = timeout;
    this.executor = executor;
  }

  /** Calls {@code method} with {@code request} and returns its answer read by {@code read}. */
  public <Q, A, R> CompletionStage<R> call(Method<Q, A> method, Q request, Function<A, R> read) {
    CompletableFuture<R> result = new CompletableFuture<>();
    SwitchboardGrpc.SwitchboardStub withDeadline =
        stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
    method.call(
        withDeadline,
        request,
        new StreamObserver<>() {
          @Override
          public void onNext(A answer) {
            executor.execute(
                () -> {
                  try {
                    result.complete(read.apply(answer));
                  } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                  }
                });
          }

          @Override
          public void onError(Throwable failure) {
            executor.execute(() -> result.completeExceptionally(RemoteErrors.of(failure)));
          }

          @Override
          public void onCompleted() {
            // the answer came in onNext
          }
        });
    return result;
  }

  /** One unary method of the stub, e.g. {@code SwitchboardStub::createTopic}. */
  @FunctionalInterface
  public interface Method<Q, A> {
    void call(SwitchboardGrpc.SwitchboardStub stub, Q request, StreamObserver<A> answer);
  }
}
