package io.switchboard.runtime.node;

import com.typesafe.config.Config;
import io.switchboard.Switchboard;
import io.switchboard.runtime.auth.Authenticator;
import io.switchboard.runtime.gateway.Gateway;
import io.switchboard.runtime.grpc.GrpcServer;
import io.switchboard.runtime.http.AccessGuard;
import io.switchboard.runtime.http.ApiContext;
import io.switchboard.runtime.http.HttpApi;
import io.switchboard.runtime.http.HttpServer;
import io.switchboard.runtime.http.HttpSettings;
import io.switchboard.runtime.http.JsonCodec;
import io.switchboard.runtime.http.JsonLimits;
import io.switchboard.runtime.http.NodeStateAnswers;
import io.switchboard.runtime.http.RequestBodies;
import io.switchboard.runtime.metrics.NodeMetrics;
import io.switchboard.runtime.metrics.RequestMeters;
import io.switchboard.runtime.metrics.TopicStatsPoller;
import io.switchboard.runtime.tls.ArteryCertificate;
import io.switchboard.runtime.tls.CertificateExpiryGauges;
import io.switchboard.runtime.tls.NodeTls;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.stream.Materializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running node: a cluster member with Switchboard, the HTTP API, the gRPC service and the
 * management endpoints. The HTTP and gRPC ports answer at once (503 / UNAVAILABLE until ready);
 * ready means Up and {@code Switchboard.ready()}.
 */
public final class SwitchboardNode {
  private static final Logger log = LoggerFactory.getLogger(SwitchboardNode.class);

  private final ActorSystem<Void> system;
  private final RuntimeSettings settings;
  private final ServerBinding binding;
  private final GrpcServer grpc;
  private final CompletionStage<Done> ready;
  private final CompletionStage<Uri> management;

  private SwitchboardNode(
      ActorSystem<Void> system,
      RuntimeSettings settings,
      ServerBinding binding,
      GrpcServer grpc,
      CompletionStage<Done> ready,
      CompletionStage<Uri> management) {
    this.system = system;
    this.settings = settings;
    this.binding = binding;
    this.grpc = grpc;
    this.ready = ready;
    this.management = management;
  }

  /** Starts a node; completes when the HTTP port is bound (see {@link #ready()}). */
  public static CompletionStage<SwitchboardNode> start(Config config) {
    RuntimeSettings settings = RuntimeSettings.of(config);
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), settings.systemName(), config);
    try {
      return startIn(system, settings);
    } catch (RuntimeException e) {
      system.terminate();
      throw e;
    }
  }

  private static CompletionStage<SwitchboardNode> startIn(
      ActorSystem<Void> system, RuntimeSettings settings) {
    // join first: becoming Up is the longest step of a start
    ClusterMembership.join(system);
    Switchboard switchboard = Switchboard.get(system);
    HttpSettings http = settings.http();
    NodeReadiness readiness = NodeReadiness.get(system);
    NodeMetrics metrics = new NodeMetrics();
    switchboard.observeRequests(new RequestMeters(metrics.registry()));
    Optional<NodeTls> tls = NodeTls.start(settings.tls(), Clock.systemUTC());
    tls.ifPresent(started -> system.getWhenTerminated().thenRun(started::close));
    Optional<ArteryCertificate> artery =
        ArteryCertificate.start(system.settings().config(), settings.tls(), Clock.systemUTC());
    artery.ifPresent(started -> system.getWhenTerminated().thenRun(started::close));
    new CertificateExpiryGauges(tls, artery).bindTo(metrics.registry());
    Authenticator authenticator = Authenticator.of(settings.auth(), Instant.now());
    warnWhenInsecure(settings);

    CompletionStage<Done> ready =
        becomeReady(system, switchboard, settings.startupTimeout(), readiness);
    JsonCodec json = new JsonCodec(JsonLimits.of(http));
    RequestBodies bodies =
        new RequestBodies(
            json,
            http.maxBodyBytes(),
            http.askTimeout().toMillis(),
            Materializer.matFromSystem(system),
            system.executionContext());
    ApiContext api =
        new ApiContext(switchboard, http, json, bodies, metrics, system.executionContext());
    AccessGuard guard = new AccessGuard(authenticator, api, Clock.systemUTC());
    ManagementEndpoints management =
        ManagementEndpoints.start(system, tls, authenticator.enabled(), guard);
    CompletionStage<Uri> managementUri = management.uri();
    managementUri.exceptionallyAsync(
        failure -> {
          log.warn("Management endpoints did not start: {}", failure.toString());
          return null;
        },
        system.executionContext());
    onShutdown(system, readiness, management, metrics);
    TopicStatsPoller.start(switchboard, metrics.registry(), settings.statsPoll());
    probeRegistry(system, switchboard, readiness, settings.registryProbe());
    GoneProcessDowning.start(system, settings.goneProcessDowning());

    NodeStateAnswers answers = new NodeStateAnswers(api.failures(), http.defaultRetryAfter());
    Gateway gateway = Gateway.start(switchboard, settings.gateway(), ready);
    return HttpServer.bind(
            system,
            http,
            new HttpApi(api, readiness, guard, gateway, settings.console()).route(),
            answers.stopping(),
            tls.map(NodeTls::https))
        .thenApplyAsync(
            bound -> {
              // bound with the HTTP API: it answers UNAVAILABLE NOT_READY until the node is ready
              GrpcServer grpc =
                  GrpcServer.start(
                      system,
                      switchboard,
                      settings.grpc(),
                      readiness,
                      metrics,
                      tls.map(NodeTls::grpc),
                      authenticator,
                      gateway.catalog());
              SwitchboardNode started =
                  new SwitchboardNode(system, settings, bound, grpc, ready, managementUri);
              ready.thenRunAsync(started::logReady, system.executionContext());
              return started;
            },
            system.executionContext());
  }

  private static CompletionStage<Done> becomeReady(
      ActorSystem<?> system, Switchboard switchboard, Duration timeout, NodeReadiness readiness) {
    // The library creates the journal schema itself (switchboard.create-schema) before ready().
    CompletionStage<Done> ready =
        ClusterMembership.awaitUp(system, timeout)
            .thenComposeAsync(up -> switchboard.ready(), system.executionContext())
            .toCompletableFuture()
            .orTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    return ready.whenCompleteAsync(
        (done, failure) -> {
          if (failure == null) {
            readiness.markReady();
          } else {
            log.error("Node did not become ready; shutting down", failure);
            CoordinatedShutdown.get(system).runAll(NodeShutdown.StartupFailed.INSTANCE);
          }
        },
        system.executionContext());
  }

  private static void onShutdown(
      ActorSystem<?> system,
      NodeReadiness readiness,
      ManagementEndpoints management,
      NodeMetrics metrics) {
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    shutdown.addTask(
        CoordinatedShutdown.PhaseBeforeServiceUnbind(),
        "switchboard-not-ready",
        () -> {
          readiness.markStopping();
          log.info(
              "Shutting down: refusing new requests, finishing in-flight ones, then leaving the cluster");
          return CompletableFuture.completedFuture(Done.getInstance());
        });
    shutdown.addTask(
        CoordinatedShutdown.PhaseServiceStop(), "switchboard-management-stop", management::stop);
    shutdown.addTask(
        CoordinatedShutdown.PhaseActorSystemTerminate(),
        "switchboard-metrics-close",
        () -> {
          metrics.close();
          return CompletableFuture.completedFuture(Done.getInstance());
        });
  }

  private static void warnWhenInsecure(RuntimeSettings settings) {
    List<String> exposed = ExposureCheck.exposedPorts(settings);
    if (!exposed.isEmpty()) {
      log.warn(
          "INSECURE: {} without authentication (switchboard.insecure / --insecure): anyone who reaches "
              + "these ports may read, publish and delete everything",
          String.join(", ", exposed));
    }
  }

  private static void probeRegistry(
      ActorSystem<?> system,
      Switchboard switchboard,
      NodeReadiness readiness,
      RegistryProbe.Settings settings) {
    var probing = RegistryProbe.start(system, switchboard, readiness, settings);
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseServiceStop(),
            "switchboard-registry-probe-stop",
            () -> {
              probing.cancel();
              return CompletableFuture.completedFuture(Done.getInstance());
            });
  }

  private void logReady() {
    Config config = system.settings().config();
    Uri uri = management.toCompletableFuture().getNow(null);
    boolean tls = settings.tls().enabled();
    log.info(
        "Switchboard node ready: HTTP API on {}://{}:{} | gRPC{} on {}:{} | management on {} | cluster {}"
            + " | journal {} | auth {}",
        tls ? "https" : "http",
        binding.localAddress().getHostString(),
        binding.localAddress().getPort(),
        tls ? " (TLS)" : "",
        grpc.address().getHostString(),
        grpc.address().getPort(),
        uri == null ? "(not started)" : uri,
        system.address(),
        journal(config),
        Authenticator.describe(settings.auth()));
  }

  private static String journal(Config config) {
    String plugin = config.getString("pekko.persistence.journal.plugin");
    String url = "pekko-persistence-jdbc.shared-databases.slick.db.url";
    if (plugin.equals("switchboard-rocksdb-journal")) {
      return "RocksDB in "
          + config.getString("switchboard.journal.rocksdb.dir")
          + " (durability "
          + config.getString("switchboard.journal.durability")
          + ")";
    }
    return plugin.equals("jdbc-journal") && config.hasPath(url) ? config.getString(url) : plugin;
  }

  public ActorSystem<Void> system() {
    return system;
  }

  /** Returns the address the HTTP API listens on. */
  public InetSocketAddress httpAddress() {
    return binding.localAddress();
  }

  /** Returns the address the gRPC service listens on. */
  public InetSocketAddress grpcAddress() {
    return grpc.address();
  }

  /** Returns the base URI of the management endpoints once they are bound. */
  public CompletionStage<Uri> managementUri() {
    return management;
  }

  /** Completes when the node serves requests. */
  public CompletionStage<Done> ready() {
    return ready;
  }

  /**
   * Returns the process exit status after the system terminated: 0 for a requested stop (SIGTERM,
   * Ctrl-C, {@link #stop()}), 1 when the node failed to start or was downed.
   */
  public int exitCode() {
    if (ready.toCompletableFuture().isCompletedExceptionally()) {
      return 1;
    }
    return CoordinatedShutdown.get(system)
        .getShutdownReason()
        .map(
            reason ->
                reason == CoordinatedShutdown.jvmExitReason()
                        || reason == NodeShutdown.Requested.INSTANCE
                    ? 0
                    : 1)
        .orElse(0);
  }

  /** Runs coordinated shutdown: unbind, finish in-flight requests, leave the cluster, stop. */
  public CompletionStage<Done> stop() {
    return CoordinatedShutdown.get(system).runAll(NodeShutdown.Requested.INSTANCE);
  }
}
