package io.switchboard.runtime.grpc;

import io.switchboard.Switchboard;
import io.switchboard.message.MessageValidator;
import io.switchboard.runtime.http.Readiness;
import io.switchboard.runtime.metrics.NodeMetrics;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.apache.pekko.stream.Materializer;

/**
 * What every call of the gRPC service shares: the library, the settings, conversions, errors, and
 * the open Consume and Serve streams (ended when the node stops).
 */
record GrpcEdge(
    Switchboard switchboard,
    GrpcSettings settings,
    Readiness readiness,
    NodeMetrics metrics,
    ProtoMessages messages,
    GrpcErrors errors,
    Materializer materializer,
    Executor executor,
    Set<ConsumeStream> consumers,
    Set<ServeStream> servers) {

  static GrpcEdge of(
      Switchboard switchboard, GrpcSettings settings, Readiness readiness, NodeMetrics metrics) {
    return new GrpcEdge(
        switchboard,
        settings,
        readiness,
        metrics,
        new ProtoMessages(new MessageValidator(switchboard.limits())),
        new GrpcErrors(settings.defaultRetryAfter()),
        Materializer.matFromSystem(switchboard.system()),
        switchboard.system().executionContext(),
        ConcurrentHashMap.newKeySet(),
        ConcurrentHashMap.newKeySet());
  }
}
