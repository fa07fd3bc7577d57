package io.switchboard.runtime.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.switchboard.runtime.auth.AccessTable;
import io.switchboard.runtime.auth.Authenticator;
import io.switchboard.runtime.auth.Principal;
import io.switchboard.runtime.http.ApiCodes;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Authenticates every call by its {@code authorization} metadata ({@code Bearer <token>}) and
 * authorizes each request message by the method's row of {@link AccessTable}, before the handler
 * sees it: UNAUTHENTICATED, PERMISSION_DENIED (also for a method the table does not know), with the
 * {@code switchboard-error-bin} trailer. The principal is in {@link #PRINCIPAL} for the handler.
 */
final class AccessInterceptor implements ServerInterceptor {
  /** The caller of the current call. */
  static final Context.Key<Principal> PRINCIPAL =
      Context.keyWithDefault("switchboard-principal", Principal.ANONYMOUS);

  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final Authenticator authenticator;
  private final Clock clock;

  AccessInterceptor(Authenticator authenticator, Clock clock) {
    this.authenticator = authenticator;
    this.clock = clock;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (!authenticator.enabled()) {
      return next.startCall(call, headers);
    }
    Authenticator.Outcome outcome =
        authenticator.authenticate(
            Optional.ofNullable(headers.get(AUTHORIZATION)), clock.instant());
    if (outcome instanceof Authenticator.Refused refused) {
      return closed(
          call, refusal(Status.Code.UNAUTHENTICATED, ApiCodes.UNAUTHENTICATED, refused.reason()));
    }
    Principal principal = ((Authenticator.Authenticated) outcome).principal();
    String method = call.getMethodDescriptor().getFullMethodName();
    Optional<AccessTable.GrpcRow> row = AccessTable.grpc(method);
    if (row.isEmpty()) {
      return closed(
          call,
          refusal(
              Status.Code.PERMISSION_DENIED,
              ApiCodes.PERMISSION_DENIED,
              method + " is not in the node's access table"));
    }
    ServerCall.Listener<Q> handler =
        Contexts.interceptCall(
            Context.current().withValue(PRINCIPAL, principal), call, headers, next);
    return new Checked<>(handler, call, row.get(), principal);
  }

  private static StatusRuntimeException refusal(Status.Code code, String errorCode, String reason) {
    return GrpcErrors.status(code, GrpcErrors.error(errorCode, reason, Duration.ZERO));
  }

  private static <Q> ServerCall.Listener<Q> closed(
      ServerCall<Q, ?> call, StatusRuntimeException refusal) {
    call.close(refusal.getStatus(), refusal.getTrailers());
    return new ServerCall.Listener<>() {};
  }

  /** Checks each request message before the handler gets it; after a refusal it gets no more. */
  private static final class Checked<Q>
      extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Q> {
    private final ServerCall<Q, ?> call;
    private final AccessTable.GrpcRow row;
    private final Principal principal;
    private boolean refused;

    Checked(
        ServerCall.Listener<Q> delegate,
        ServerCall<Q, ?> call,
        AccessTable.GrpcRow row,
        Principal principal) {
      super(delegate);
      this.call = call;
      this.row = row;
      this.principal = principal;
    }

    @Override
    public void onMessage(Q message) {
      if (refused) {
        return;
      }
      String why =
          MalformedRequests.isMalformed(message)
              ? null
              : row.rule().refusal(principal, row.topics().apply(message));
      if (why == null) {
        super.onMessage(message);
        return;
      }
      refused = true;
      StatusRuntimeException refusal =
          refusal(Status.Code.PERMISSION_DENIED, ApiCodes.PERMISSION_DENIED, why);
      if (call.getMethodDescriptor().getType().clientSendsOneMessage()) {
        // unary and server-streaming handlers run on half-close, not yet: close here and keep them
        // from running
        call.close(refusal.getStatus(), refusal.getTrailers());
      } else {
        // a stream's handler writes to the call from its own threads: it ends the stream itself
        super.onMessage(RefusedRequests.refused(message, refusal));
      }
    }

    @Override
    public void onHalfClose() {
      if (!refused || !call.getMethodDescriptor().getType().clientSendsOneMessage()) {
        super.onHalfClose();
      }
    }
  }
}
