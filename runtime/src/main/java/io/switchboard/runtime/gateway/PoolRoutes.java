package io.switchboard.runtime.gateway;

import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.delete;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.put;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.runtime.http.ApiContext;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code /v1/pools}: the gateway's model pools over the admin API. {@code PUT /v1/pools/{model}}
 * defines or replaces a run-time pool (stored in the journal, served by every node), {@code DELETE}
 * removes one; pools from configuration are listed and cannot be changed here.
 */
public final class PoolRoutes {
  private final PoolCatalog catalog;
  private final ApiContext api;
  private final ObjectMapper json = new ObjectMapper();

  public PoolRoutes(Gateway gateway, ApiContext api) {
    this.catalog = gateway.catalog();
    this.api = api;
  }

  /** Routes matched under {@code /v1/pools}. */
  public Route routes() {
    return concat(
        pathEnd(
            () ->
                get(
                    () ->
                        api.respond(
                            () -> {
                              ObjectNode answer = json.createObjectNode();
                              answer.putArray("pools").addAll(catalog.list());
                              return CompletableFuture.completedFuture(api.ok(answer));
                            }))),
        // the rest of the path is the model: a model name may hold slashes
        path(
            PathMatchers.remaining(),
            model ->
                concat(
                    get(
                        () ->
                            api.respond(
                                () ->
                                    CompletableFuture.completedFuture(api.ok(catalog.get(model))))),
                    put(
                        () ->
                            extractRequest(
                                request ->
                                    api.respond(
                                        () ->
                                            api.tree(request)
                                                .thenComposeAsync(
                                                    body -> catalog.define(model, body),
                                                    api.executor())
                                                .thenApplyAsync(api::ok, api.executor())))),
                    delete(
                        () ->
                            api.respond(
                                () ->
                                    catalog
                                        .delete(model)
                                        .thenApplyAsync(
                                            done -> api.noContent(), api.executor()))))));
  }
}
