package io.switchboard.runtime.grpc;

import com.google.protobuf.ByteString;
import io.grpc.stub.ServerCallStreamObserver;
import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import io.switchboard.message.Message;
import io.switchboard.protocol.v1.CancelRequestRequest;
import io.switchboard.protocol.v1.RepliesRequest;
import io.switchboard.protocol.v1.ReplyEvent;
import io.switchboard.protocol.v1.RequestAccepted;
import io.switchboard.protocol.v1.RequestCall;
import io.switchboard.request.ReplyChunk;
import io.switchboard.request.RequestOptions;
import io.switchboard.runtime.auth.Principal;
import io.switchboard.runtime.auth.RequestAccess;
import io.switchboard.runtime.auth.TenantStamp;
import io.switchboard.runtime.quota.RateLimits;
import io.switchboard.runtime.quota.TenantRateLimiter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The caller's side of requests over gRPC: {@code Request} and {@code Replies} stream a request's
 * answer while the call is ready (a caller that does not read holds the reply stream, and through
 * its window the worker); {@code CancelRequest} cancels at once. A call that breaks fails the
 * library's stream rather than cancelling it and detaches the request: it keeps running for {@code
 * switchboard.requests.reattach-grace}, and is cancelled then unless a caller reattached.
 */
final class RequestCalls {
  private final GrpcEdge edge;
  private final TenantRateLimiter limiter;
  private final RequestAccess access;

  RequestCalls(GrpcEdge edge) {
    this.edge = edge;
    this.limiter = RateLimits.get(edge.switchboard().system());
    this.access = new RequestAccess(edge.switchboard().requestSide(), edge.executor());
  }

  void request(RequestCall call, ServerCallStreamObserver<ReplyEvent> responses) {
    CallEnd end = new CallEnd();
    ReadyOutbox<ReplyEvent> outbox = new ReadyOutbox<>(responses, end::cancelled);
    Message message;
    RequestOptions options;
    try {
      refuseMalformed(call);
      Principal principal = AccessInterceptor.PRINCIPAL.get();
      message = edge.messages().toMessage(call.getMessage(), TenantStamp.of(principal));
      limiter.admit(principal, List.of(message));
      options = options(call.getTimeoutMillis(), call.getWindow());
    } catch (RuntimeException refused) {
      outbox.fail(edge.errors().toStatus(refused));
      return;
    }
    ReplyEvent accepted =
        ReplyEvent.newBuilder()
            .setAccepted(RequestAccepted.newBuilder().setRequestId(message.id()))
            .build();
    stream(
        edge.switchboard().requestAccepted(message, options),
        outbox,
        end,
        stored -> stored.thenComposeAsync(done -> outbox.send(accepted), edge.executor()),
        message.id());
  }

  void replies(RepliesRequest call, ServerCallStreamObserver<ReplyEvent> responses) {
    CallEnd end = new CallEnd();
    ReadyOutbox<ReplyEvent> outbox = new ReadyOutbox<>(responses, end::cancelled);
    try {
      refuseMalformed(call);
    } catch (RuntimeException refused) {
      outbox.fail(edge.errors().toStatus(refused));
      return;
    }
    String id = call.getRequestId();
    access
        .mayUse(AccessInterceptor.PRINCIPAL.get(), id)
        .thenAcceptAsync(
            allowed -> {
              Source<ReplyChunk, CompletionStage<Done>> chunks =
                  (allowed
                          ? edge.switchboard().replies(id, call.getCursor())
                          : Source.<ReplyChunk>failed(
                              new SwitchboardException(
                                  ErrorCode.UNKNOWN_REQUEST,
                                  "no request with id '" + id + "'"))) // as if it did not exist
                      .mapMaterializedValue(
                          n -> CompletableFuture.completedFuture(Done.getInstance()));
              stream(
                  chunks,
                  outbox,
                  end,
                  ready -> ready,
                  allowed ? id : null); // a stranger's leaving detaches nothing
            },
            edge.executor());
  }

  /**
   * Cancels the request if the caller may; one it may not is answered as an unknown id is (OK,
   * nothing done).
   */
  CompletionStage<Done> cancel(CancelRequestRequest call) {
    refuseMalformed(call);
    if (call.getRequestId().isEmpty()) {
      throw new SwitchboardException(ErrorCode.INVALID_ARGUMENT, "request_id must not be empty");
    }
    return access
        .mayUse(AccessInterceptor.PRINCIPAL.get(), call.getRequestId())
        .thenApplyAsync(
            allowed -> {
              if (allowed) {
                edge.switchboard()
                    .requestSide()
                    .cancel(call.getRequestId(), "cancelled by its caller (CancelRequest)");
              }
              return Done.getInstance();
            },
            edge.executor());
  }

  /**
   * Runs {@code chunks} into the call, each chunk once {@code first} (sending the accepted event,
   * or nothing) is done, and one at a time as the call is ready; a call that breaks detaches
   * request {@code requestId} (null: none).
   */
  private void stream(
      Source<ReplyChunk, CompletionStage<Done>> chunks,
      ReadyOutbox<ReplyEvent> outbox,
      CallEnd end,
      Function<CompletionStage<Done>, CompletionStage<Done>> first,
      String requestId) {
    CompletableFuture<Done> firstOut = new CompletableFuture<>();
    Pair<Pair<CompletionStage<Done>, UniqueKillSwitch>, CompletionStage<Done>> running =
        chunks
            .viaMat(KillSwitches.single(), Keep.both())
            .mapAsync(
                1,
                chunk ->
                    firstOut.thenComposeAsync(done -> outbox.send(toProto(chunk)), edge.executor()))
            .toMat(Sink.ignore(), Keep.both())
            .run(edge.materializer());
    first
        .apply(running.first().first())
        .whenCompleteAsync(
            (done, failure) -> firstOut.complete(Done.getInstance()), edge.executor());
    // Detached only once stored: a request that was never accepted has nothing to cancel.
    end.started(
        running.first().second(),
        requestId == null
            ? () -> {}
            : () ->
                running
                    .first()
                    .first()
                    .thenRunAsync(
                        () -> edge.switchboard().requestSide().detach(requestId), edge.executor()));
    running
        .second()
        .whenCompleteAsync(
            (done, failure) -> {
              if (failure != null) {
                outbox.fail(edge.errors().toStatus(failure));
              } else {
                outbox.complete();
              }
            },
            edge.executor());
  }

  /**
   * Aborts the library's stream when the client cancels the call or its connection breaks: a
   * failure, not a cancel, so that the request keeps running for a reattach.
   */
  private static final class CallEnd {
    private UniqueKillSwitch killSwitch;
    private Runnable detach;
    private boolean cancelled;

    synchronized void started(UniqueKillSwitch running, Runnable detachRequest) {
      killSwitch = running;
      detach = detachRequest;
      if (cancelled) {
        abort();
      }
    }

    synchronized void cancelled() {
      cancelled = true;
      if (killSwitch != null) {
        abort();
      }
    }

    private void abort() {
      killSwitch.abort(
          new SwitchboardException(
              ErrorCode.CANCELLED,
              "the caller's call ended before the final reply (the request waits for a reattach)"));
      detach.run();
    }
  }

  private static RequestOptions options(long timeoutMillis, int window) {
    if (timeoutMillis < 0) {
      throw new SwitchboardException(
          ErrorCode.INVALID_ARGUMENT,
          "timeout_millis must be 0 (the default) or above, got " + timeoutMillis);
    }
    if (window < 0) {
      throw new SwitchboardException(
          ErrorCode.INVALID_ARGUMENT, "window must be 0 (the default) or above, got " + window);
    }
    RequestOptions options =
        timeoutMillis == 0
            ? RequestOptions.DEFAULT
            : RequestOptions.timeout(Duration.ofMillis(timeoutMillis));
    return window == 0 ? options : options.withWindow(window); // over max-window: refused when sent
  }

  private static void refuseMalformed(Object call) {
    if (MalformedRequests.isMalformed(call)) {
      throw MalformedRequests.status();
    }
  }

  static ReplyEvent toProto(ReplyChunk chunk) {
    return ReplyEvent.newBuilder().setChunk(toWire(chunk)).build();
  }

  static io.switchboard.protocol.v1.ReplyChunk toWire(ReplyChunk chunk) {
    var wire =
        io.switchboard.protocol.v1.ReplyChunk.newBuilder()
            .setRequestId(chunk.requestId())
            .setSeq(chunk.seq())
            .setPayload(ByteString.copyFrom(chunk.payload()))
            .setLast(chunk.last());
    if (chunk.usage() != null) {
      wire.setPromptTokens(chunk.usage().promptTokens())
          .setCompletionTokens(chunk.usage().completionTokens());
    }
    return wire.build();
  }
}
