package io.switchboard.runtime.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.grpc.ForwardingServerCallListener;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.StatusRuntimeException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Makes bytes that are not the expected protobuf a client mistake: INVALID_ARGUMENT with a {@code
 * switchboard-error-bin} trailer, where grpc-java would answer INTERNAL. Each method's request
 * marshaller turns a parse failure into a marker request: a unary call is closed before it runs; a
 * stream's handler sees {@link #isMalformed} and ends the stream itself, so it also stops what it
 * started.
 */
final class MalformedRequests {
  private static final Set<Object> MARKERS =
      Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

  private MalformedRequests() {}

  /** Returns whether {@code request} stands for bytes that did not parse. */
  static boolean isMalformed(Object request) {
    return MARKERS.contains(request);
  }

  /** Returns the status that ends a call whose request did not parse. */
  static StatusRuntimeException status() {
    return GrpcErrors.status(
        io.grpc.Status.Code.INVALID_ARGUMENT,
        GrpcErrors.error(
            "INVALID_ARGUMENT",
            "the request is not a valid switchboard.v1 protobuf message",
            Duration.ZERO));
  }

  /** Returns {@code service} with every method's requests parsed leniently. */
  static ServerServiceDefinition lenient(ServerServiceDefinition service) {
    ServerServiceDefinition.Builder builder =
        ServerServiceDefinition.builder(service.getServiceDescriptor().getName());
    for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
      builder.addMethod(lenient(method));
    }
    return builder.build();
  }

  private static <Q, R> ServerMethodDefinition<Q, R> lenient(ServerMethodDefinition<Q, R> method) {
    MethodDescriptor<Q, R> descriptor = method.getMethodDescriptor();
    Lenient<Q> requests = new Lenient<>(descriptor.getRequestMarshaller());
    MethodDescriptor<Q, R> lenient =
        descriptor.toBuilder(requests, descriptor.getResponseMarshaller()).build();
    ServerCallHandler<Q, R> handler = method.getServerCallHandler();
    if (descriptor.getType() != MethodDescriptor.MethodType.UNARY) {
      return ServerMethodDefinition.create(lenient, handler);
    }
    return ServerMethodDefinition.create(
        lenient, (call, headers) -> new UnaryGuard<>(handler.startCall(call, headers), call));
  }

  /**
   * Parses as the generated marshaller does; bytes that do not parse become this method's marker.
   */
  private static final class Lenient<Q> implements MethodDescriptor.Marshaller<Q> {
    private final MethodDescriptor.Marshaller<Q> strict;
    private final Q marker;

    @SuppressWarnings("unchecked")
    Lenient(MethodDescriptor.Marshaller<Q> strict) {
      this.strict = strict;
      Message prototype =
          (Message) ((MethodDescriptor.PrototypeMarshaller<Q>) strict).getMessagePrototype();
      // a fresh instance: equal to an empty request, but never the same object as one
      this.marker = (Q) prototype.toBuilder().build();
      MARKERS.add(marker);
    }

    @Override
    public InputStream stream(Q value) {
      return strict.stream(value);
    }

    @Override
    public Q parse(InputStream stream) {
      try {
        return strict.parse(stream);
      } catch (StatusRuntimeException e) {
        if (e.getCause() instanceof InvalidProtocolBufferException) {
          return marker;
        }
        throw e;
      }
    }
  }

  /** Closes a unary call whose request is the marker, and keeps the handler from running. */
  private static final class UnaryGuard<Q>
      extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Q> {
    private final ServerCall<Q, ?> call;
    private boolean refused;

    UnaryGuard(ServerCall.Listener<Q> delegate, ServerCall<Q, ?> call) {
      super(delegate);
      this.call = call;
    }

    @Override
    public void onMessage(Q message) {
      if (isMalformed(message)) {
        refused = true;
        StatusRuntimeException status = status();
        call.close(status.getStatus(), status.getTrailers());
      } else {
        super.onMessage(message);
      }
    }

    @Override
    public void onHalfClose() {
      if (!refused) {
        super.onHalfClose();
      }
    }
  }
}
