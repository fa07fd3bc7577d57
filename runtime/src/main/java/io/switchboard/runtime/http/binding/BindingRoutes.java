package io.switchboard.runtime.http.binding;

import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.delete;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.post;

import io.switchboard.Switchboard;
import io.switchboard.routing.Route;
import io.switchboard.runtime.http.ApiContext;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpRequest;

/** {@code /v1/routes}: add, list and remove the router's bindings. */
public final class BindingRoutes {
  private final ApiContext api;
  private final Switchboard switchboard;

  public BindingRoutes(ApiContext api) {
    this.api = api;
    this.switchboard = api.switchboard();
  }

  /** Routes matched at {@code /v1/routes}. */
  public org.apache.pekko.http.javadsl.server.Route routes() {
    return pathEnd(
        () ->
            concat(
                post(
                    () ->
                        extractRequest(
                            request ->
                                api.respond(
                                    () ->
                                        api.body(request, RouteRequest.class)
                                            .thenComposeAsync(
                                                body -> {
                                                  Route route = body.toRoute();
                                                  return switchboard
                                                      .addRoute(route)
                                                      .thenApplyAsync(
                                                          done -> api.created(view(route)),
                                                          api.executor());
                                                },
                                                api.executor())))),
                get(
                    () ->
                        api.respond(
                            () ->
                                switchboard
                                    .routes()
                                    .thenApplyAsync(
                                        routes ->
                                            api.ok(
                                                new RouteList(
                                                    routes.stream()
                                                        .map(BindingRoutes::view)
                                                        .toList())),
                                        api.executor()))),
                delete(
                    () ->
                        parameterOptional(
                            "pattern",
                            pattern ->
                                parameterOptional(
                                    "topic",
                                    topic ->
                                        extractRequest(
                                            request ->
                                                api.respond(
                                                    () ->
                                                        target(request, pattern, topic)
                                                            .thenComposeAsync(
                                                                route ->
                                                                    switchboard.removeRoute(route),
                                                                api.executor())
                                                            .thenApplyAsync(
                                                                done -> api.noContent(),
                                                                api.executor()))))))));
  }

  private CompletionStage<Route> target(
      HttpRequest request, Optional<String> pattern, Optional<String> topic) {
    if (pattern.isPresent() || topic.isPresent()) {
      request.entity().discardBytes(api.switchboard().system());
      return CompletableFuture.completedFuture(
          new RouteRequest(pattern.orElse(null), topic.orElse(null)).toRoute());
    }
    return api.body(request, RouteRequest.class)
        .thenApplyAsync(RouteRequest::toRoute, api.executor());
  }

  private static RouteRequest view(Route route) {
    return new RouteRequest(route.pattern(), route.topic());
  }
}
