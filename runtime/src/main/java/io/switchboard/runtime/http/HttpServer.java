package io.switchboard.runtime.http;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.ServerBuilder;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.settings.ServerSettings;

/**
 * Binds the API and ties it to coordinated shutdown: keep answering 503 STOPPING for the unbind
 * delay, unbind, answer what the connections already accepted still send for the unbind drain, then
 * let requests finish (up to the shutdown deadline) before the later phases stop sharding, the
 * cluster and the journal.
 */
public final class HttpServer {
  private static final String PHASES = "pekko.coordinated-shutdown.phases.";

  private HttpServer() {}

  /**
   * Binds {@code route} on the configured interface and port, over TLS when {@code tls} is present;
   * requests still running at the shutdown deadline, and those that arrive after it began, get
   * {@code whenStopping}.
   */
  public static CompletionStage<ServerBinding> bind(
      ActorSystem<?> system,
      HttpSettings settings,
      Route route,
      HttpResponse whenStopping,
      Optional<HttpsConnectionContext> tls) {
    Config config = system.settings().config();
    requirePhaseAbove(
        config,
        CoordinatedShutdown.PhaseBeforeServiceUnbind(),
        "unbind-delay",
        settings.unbindDelay());
    requirePhaseAbove(
        config, CoordinatedShutdown.PhaseServiceUnbind(), "unbind-drain", settings.unbindDrain());
    requirePhaseAbove(
        config,
        CoordinatedShutdown.PhaseServiceRequestsDone(),
        "shutdown-deadline",
        settings.shutdownDeadline());
    ServerSettings server =
        ServerSettings.create(system.settings().config())
            .withMaxConnections(settings.maxConnections())
            .withBacklog(settings.backlog())
            // the long-poll bound counts by the address of the connection itself, not a header
            .withRemoteAddressAttribute(true)
            .withTerminationDeadlineExceededResponse(whenStopping);
    ServerBuilder builder = Http.get(system).newServerAt(settings.iface(), settings.port());
    return tls.map(builder::enableHttps)
        .orElse(builder)
        .withSettings(server)
        .bindFlow(
            RequestHeadDeadline.flow(settings.headerTimeout(), settings.idleTimeout())
                .join(route.flow(system)))
        .thenApplyAsync(
            binding -> {
              keepAcceptingWhileStopping(system, settings.unbindDelay());
              drainAfterUnbind(system, settings.unbindDrain());
              return binding.addToCoordinatedShutdown(settings.shutdownDeadline(), system);
            },
            system.executionContext());
  }

  /**
   * Holds the unbind back for {@code delay} once shutdown begins: meanwhile new requests get 503
   * STOPPING, so clients and load balancers learn of it from an answer, not a refused or reset
   * connection.
   */
  private static void keepAcceptingWhileStopping(ActorSystem<?> system, Duration delay) {
    hold(system, CoordinatedShutdown.PhaseBeforeServiceUnbind(), "unbind-delay", delay);
  }

  /**
   * Holds the termination back for {@code drain} after the unbind: terminating closes every
   * connection with no request in flight at once, and a connection accepted just before the unbind
   * may not have sent its request yet (or the server not read it, under load). Runs beside the
   * unbind in its phase, so the next phase (terminate) starts once both are done.
   */
  private static void drainAfterUnbind(ActorSystem<?> system, Duration drain) {
    hold(system, CoordinatedShutdown.PhaseServiceUnbind(), "unbind-drain", drain);
  }

  /** Adds a task to {@code phase} that only waits {@code delay}, so the phase lasts that long. */
  private static void hold(ActorSystem<?> system, String phase, String name, Duration delay) {
    CoordinatedShutdown.get(system)
        .addTask(
            phase,
            "switchboard-http-" + name,
            () ->
                CompletableFuture.supplyAsync(
                    Done::getInstance,
                    CompletableFuture.delayedExecutor(
                        delay.toMillis(), TimeUnit.MILLISECONDS, system.executionContext())));
  }

  private static void requirePhaseAbove(
      Config config, String phase, String setting, Duration value) {
    String key = PHASES + phase + ".timeout";
    Duration timeout =
        config.hasPath(key)
            ? config.getDuration(key)
            : config.getDuration("pekko.coordinated-shutdown.default-phase-timeout");
    if (timeout.compareTo(value) <= 0) {
      throw new IllegalArgumentException(
          key
              + " ("
              + timeout
              + ") must be above switchboard.http."
              + setting
              + " ("
              + value
              + "), or shutdown cuts it short");
    }
  }
}
