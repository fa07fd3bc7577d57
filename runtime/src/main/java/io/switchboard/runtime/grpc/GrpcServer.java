package io.switchboard.runtime.grpc;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.switchboard.Switchboard;
import io.switchboard.runtime.auth.Authenticator;
import io.switchboard.runtime.gateway.PoolCatalog;
import io.switchboard.runtime.http.Readiness;
import io.switchboard.runtime.metrics.NodeMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's gRPC port: switchboard.v1 on Netty, with the limits of {@link GrpcSettings}. Tied to
 * coordinated shutdown like the HTTP API: once the node is stopping new calls get UNAVAILABLE
 * NOT_READY and Consume streams end; at unbind the port closes; calls still open at the shutdown
 * deadline are cancelled.
 */
public final class GrpcServer {
  private static final Logger log = LoggerFactory.getLogger(GrpcServer.class);

  private final Server server;

  private GrpcServer(Server server) {
    this.server = server;
  }

  /**
   * Binds the service on the configured interface and port (TLS with {@code tls}, callers checked
   * by {@code authenticator}); throws when the port is taken.
   */
  public static GrpcServer start(
      ActorSystem<?> system,
      Switchboard switchboard,
      GrpcSettings settings,
      Readiness readiness,
      NodeMetrics metrics,
      Optional<SslContext> tls,
      Authenticator authenticator,
      PoolCatalog pools) {
    GrpcEdge edge = GrpcEdge.of(switchboard, settings, readiness, metrics);
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress(settings.iface(), settings.port()));
    tls.ifPresent(builder::sslContext);
    Server server =
        builder
            // the last interceptor runs first: a node that is not ready says so before it asks who
            // calls
            .addService(
                ServerInterceptors.intercept(
                    MalformedRequests.lenient(new SwitchboardService(edge, pools).bindService()),
                    new AccessInterceptor(authenticator, Clock.systemUTC()),
                    new ReadinessGate(readiness, settings.defaultRetryAfter())))
            // Handlers never block: they check, hand work to the library and answer from its
            // stages.
            // Running them on the transport's thread saves an executor hop per frame (a quarter of
            // the
            // node's CPU per message with one message per frame).
            .directExecutor()
            .maxInboundMessageSize(settings.maxInboundMessageBytes())
            .maxConcurrentCallsPerConnection(settings.maxConcurrentStreamsPerConnection())
            .keepAliveTime(settings.keepaliveTime().toMillis(), TimeUnit.MILLISECONDS)
            .keepAliveTimeout(settings.keepaliveTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .permitKeepAliveTime(settings.permitKeepaliveTime().toMillis(), TimeUnit.MILLISECONDS)
            .permitKeepAliveWithoutCalls(true)
            .maxConnectionIdle(settings.maxConnectionIdle().toMillis(), TimeUnit.MILLISECONDS)
            .build();
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot bind the gRPC port "
              + settings.iface()
              + ":"
              + settings.port()
              + " (switchboard.grpc.port, --grpc-port): "
              + e.getMessage(),
          e);
    }
    GrpcServer started = new GrpcServer(server);
    started.onShutdown(system, edge, settings);
    return started;
  }

  /** Returns the address the service listens on. */
  public InetSocketAddress address() {
    return (InetSocketAddress) server.getListenSockets().get(0);
  }

  private void onShutdown(ActorSystem<?> system, GrpcEdge edge, GrpcSettings settings) {
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    shutdown.addTask(
        CoordinatedShutdown.PhaseServiceUnbind(),
        "switchboard-grpc-unbind",
        () -> {
          // readiness already refuses new calls; streams that never end by themselves end here
          List.copyOf(edge.consumers()).forEach(ConsumeStream::nodeStopping);
          List.copyOf(edge.servers()).forEach(ServeStream::nodeStopping);
          server.shutdown();
          return CompletableFuture.completedFuture(Done.getInstance());
        });
    // waiting blocks a thread for up to the deadline: one of its own, not a dispatcher's
    shutdown.addTask(
        CoordinatedShutdown.PhaseServiceRequestsDone(),
        "switchboard-grpc-calls-done",
        () ->
            CompletableFuture.supplyAsync(
                () -> {
                  awaitCalls(settings);
                  return Done.getInstance();
                },
                task -> new Thread(task, "switchboard-grpc-shutdown").start()));
  }

  private void awaitCalls(GrpcSettings settings) {
    try {
      if (!server.awaitTermination(settings.shutdownDeadline().toMillis(), TimeUnit.MILLISECONDS)) {
        log.info(
            "gRPC calls still open at the shutdown deadline ({}): cancelling them",
            settings.shutdownDeadline());
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.shutdownNow();
    }
  }
}
