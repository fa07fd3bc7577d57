package io.switchboard.runtime.node;

import com.typesafe.config.Config;
import io.switchboard.runtime.http.AccessGuard;
import io.switchboard.runtime.tls.NodeTls;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.ServerBuilder;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.management.javadsl.PekkoManagement;

/**
 * The management endpoints (health, cluster members, shards, domain events). Without authentication
 * pekko-management binds them itself, read-only; with it the node binds pekko-management's routes
 * behind {@link AccessGuard#management}, writes (leave, down) included.
 */
final class ManagementEndpoints {
  private final PekkoManagement management;
  private final AtomicReference<ServerBinding> guarded = new AtomicReference<>();
  private CompletionStage<Uri> uri;

  private ManagementEndpoints(PekkoManagement management) {
    this.management = management;
  }

  /** Starts the endpoints, behind {@code guard} when {@code authenticated}. */
  static ManagementEndpoints start(
      ActorSystem<?> system, Optional<NodeTls> tls, boolean authenticated, AccessGuard guard) {
    ManagementEndpoints endpoints = new ManagementEndpoints(PekkoManagement.get(system));
    endpoints.uri =
        authenticated
            ? endpoints.bindGuarded(system, tls, guard)
            : endpoints.management.start(
                settings ->
                    tls.map(started -> settings.withHttpsConnectionContext(started.https()))
                        .orElse(settings));
    return endpoints;
  }

  /** Completes with the endpoints' base URI once they are bound. */
  CompletionStage<Uri> uri() {
    return uri;
  }

  private CompletionStage<Uri> bindGuarded(
      ActorSystem<?> system, Optional<NodeTls> tls, AccessGuard guard) {
    Config http = system.settings().config().getConfig("pekko.management.http");
    String host =
        http.getString("bind-hostname").isBlank()
            ? http.getString("hostname")
            : http.getString("bind-hostname");
    int port =
        http.getString("bind-port").isBlank() ? http.getInt("port") : http.getInt("bind-port");
    var routes = management.getRoutes(settings -> settings.withReadOnly(false));
    ServerBuilder builder = Http.get(system).newServerAt(host, port);
    return tls.map(started -> builder.enableHttps(started.https()))
        .orElse(builder)
        .bind(guard.management(() -> routes))
        .thenApplyAsync(
            binding -> {
              guarded.set(binding);
              return Uri.create(
                  (tls.isPresent() ? "https://" : "http://")
                      + host
                      + ":"
                      + binding.localAddress().getPort());
            },
            system.executionContext());
  }

  /** Stops the endpoints: unbinds the port. */
  CompletionStage<Done> stop() {
    ServerBinding binding = guarded.get();
    if (binding != null) {
      return binding.unbind();
    }
    return management.stop();
  }
}
