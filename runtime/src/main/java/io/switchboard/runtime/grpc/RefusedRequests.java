package io.switchboard.runtime.grpc;

import com.google.protobuf.Message;
import io.grpc.StatusRuntimeException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Requests of a stream that an interceptor refused (the caller lacks the right): the stream's
 * handler gets a stand-in request and ends the stream with the refusal itself, as it does for a
 * malformed one, so that only the handler ever writes to the call.
 */
final class RefusedRequests {
  private static final Map<Object, StatusRuntimeException> REFUSED =
      Collections.synchronizedMap(new IdentityHashMap<>());

  private RefusedRequests() {}

  /** Returns a stand-in for {@code request} that ends its stream with {@code refusal}. */
  @SuppressWarnings("unchecked")
  static <Q> Q refused(Q request, StatusRuntimeException refusal) {
    // a fresh instance: never the same object as a request the handler may see otherwise
    Q marker = (Q) ((Message) request).getDefaultInstanceForType().toBuilder().build();
    REFUSED.put(marker, refusal);
    return marker;
  }

  /** Returns the refusal {@code request} stands for (once), or null for a request to handle. */
  static StatusRuntimeException take(Object request) {
    return REFUSED.remove(request);
  }
}
