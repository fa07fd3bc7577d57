package io.switchboard.runtime.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.switchboard.ErrorCode;
import io.switchboard.runtime.http.Readiness;
import java.time.Duration;

/**
 * Refuses calls while the node is starting or stopping: UNAVAILABLE with NOT_READY and a
 * retry-after.
 */
final class ReadinessGate implements ServerInterceptor {
  private final Readiness readiness;
  private final Duration retryAfter;

  ReadinessGate(Readiness readiness, Duration retryAfter) {
    this.readiness = readiness;
    this.retryAfter = retryAfter;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    Readiness.State state = readiness.state();
    if (state == Readiness.State.READY) {
      return next.startCall(call, headers);
    }
    String why =
        state == Readiness.State.STARTING
            ? "the node is starting: retry shortly"
            : "the node is stopping: retry on another node";
    StatusRuntimeException refusal =
        GrpcErrors.status(
            Status.Code.UNAVAILABLE, GrpcErrors.error(ErrorCode.NOT_READY.name(), why, retryAfter));
    call.close(refusal.getStatus(), refusal.getTrailers());
    return new ServerCall.Listener<>() {};
  }
}
