package io.switchboard.runtime.http;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.settings.ServerSettings;

/**
 * Binds the API and ties it to coordinated shutdown: unbind first, then let requests finish
 * (up to the shutdown deadline) before the later phases stop the cluster.
 */
public final class HttpServer {
  static final String REQUESTS_DONE_PHASE = "pekko.coordinated-shutdown.phases.service-requests-done.timeout";

  private HttpServer() {}

  /**
   * Binds {@code route} on the configured interface and port; requests still running at the
   * shutdown deadline, and those that arrive after it began, get {@code whenStopping}.
   */
  public static CompletionStage<ServerBinding> bind(
      ActorSystem<?> system, HttpSettings settings, Route route, HttpResponse whenStopping) {
    requireRequestsDonePhaseAbove(system.settings().config(), settings.shutdownDeadline());
    ServerSettings server = ServerSettings.create(system.settings().config())
        .withMaxConnections(settings.maxConnections())
        // the long-poll bound counts by the address of the connection itself, not a header
        .withRemoteAddressAttribute(true)
        .withTerminationDeadlineExceededResponse(whenStopping);
    return Http.get(system)
        .newServerAt(settings.iface(), settings.port())
        .withSettings(server)
        .bindFlow(RequestHeadDeadline.flow(settings.headerTimeout(), settings.idleTimeout())
            .join(route.flow(system)))
        .thenApplyAsync(binding -> binding.addToCoordinatedShutdown(settings.shutdownDeadline(), system),
            system.executionContext());
  }

  private static void requireRequestsDonePhaseAbove(Config config, Duration deadline) {
    Duration phase = config.hasPath(REQUESTS_DONE_PHASE)
        ? config.getDuration(REQUESTS_DONE_PHASE)
        : config.getDuration("pekko.coordinated-shutdown.default-phase-timeout");
    if (phase.compareTo(deadline) <= 0) {
      throw new IllegalArgumentException(REQUESTS_DONE_PHASE + " (" + phase + ") must be above "
          + "switchboard.http.shutdown-deadline (" + deadline + "), or shutdown cuts requests off");
    }
  }
}
