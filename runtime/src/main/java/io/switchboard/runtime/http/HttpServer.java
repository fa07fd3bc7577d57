package io.switchboard.runtime.http;

import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Route;

/** Binds the API and ties it to coordinated shutdown: unbind first, then let requests finish. */
public final class HttpServer {
  private HttpServer() {}

  /** Binds {@code route} on the configured interface and port. */
  public static CompletionStage<ServerBinding> bind(ActorSystem<?> system, HttpSettings settings, Route route) {
    return Http.get(system)
        .newServerAt(settings.iface(), settings.port())
        .bind(route)
        .thenApplyAsync(binding -> binding.addToCoordinatedShutdown(settings.shutdownDeadline(), system),
            system.executionContext());
  }
}
