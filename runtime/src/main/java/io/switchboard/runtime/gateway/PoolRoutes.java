package io.switchboard.runtime.gateway;

import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.delete;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.put;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.runtime.http.ApiContext;
import io.switchboard.runtime.http.ApiException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.pattern.StatusReply;

/**
 * {@code /v1/pools}: the gateway's model pools over the admin API. {@code PUT /v1/pools/{model}}
 * defines or replaces a run-time pool (stored in the journal, served by every node), {@code
 * DELETE} removes one; pools from configuration are listed and cannot be changed here.
 */
public final class PoolRoutes {
  /** A pool of the node's configuration: changed only there (409). */
  static final String POOL_CONFIGURED = "POOL_CONFIGURED";
  /** No pool of that model (404). */
  static final String UNKNOWN_POOL = "UNKNOWN_POOL";

  private final Gateway gateway;
  private final ApiContext api;
  private final ObjectMapper json = new ObjectMapper();

  public PoolRoutes(Gateway gateway, ApiContext api) {
    this.gateway = gateway;
    this.api = api;
  }

  /** Routes matched under {@code /v1/pools}. */
  public Route routes() {
    return concat(
        pathEnd(() -> get(() -> api.respond(this::list))),
        // the rest of the path is the model: a model name may hold slashes
        path(PathMatchers.remaining(), model -> concat(
            get(() -> api.respond(() -> one(model))),
            put(() -> extractRequest(request -> api.respond(() -> api.tree(request)
                .thenComposeAsync(body -> define(model, body), api.executor())))),
            delete(() -> api.respond(() -> remove(model))))));
  }

  private CompletionStage<HttpResponse> list() {
    ObjectNode answer = json.createObjectNode();
    var pools = answer.putArray("pools");
    gateway.pools().forEach(pool -> pools.add(PoolView.of(json, pool)));
    return done(api.ok(answer));
  }

  private CompletionStage<HttpResponse> one(String model) {
    Pool pool = gateway.pool(model).orElseThrow(() -> unknown(model));
    return done(api.ok(PoolView.of(json, pool)));
  }

  private CompletionStage<HttpResponse> define(String model, JsonNode body) {
    refuseConfigured(model, "defined");
    if (!(body instanceof ObjectNode)) {
      throw ApiException.invalid("a pool is a JSON object of the keys of switchboard.gateway.pools (docs/gateway.md)");
    }
    String definition = body.toString();
    gateway.settings().reader().readJson(model, definition); // 400 naming the key or value
    PoolAdmin admin = gateway.admin().orElseThrow(() -> new UnsupportedOperationException("no gateway on this node"));
    return admin.define(model, definition).exceptionallyAsync(this::refused, api.executor())
        .thenApplyAsync(version -> api.ok(PoolView.of(json, gateway.pool(model).orElseThrow(() -> unknown(model)))),
            api.executor());
  }

  private CompletionStage<HttpResponse> remove(String model) {
    refuseConfigured(model, "deleted");
    PoolAdmin admin = gateway.admin().orElseThrow(() -> unknown(model));
    return admin.delete(model).exceptionallyAsync(this::refused, api.executor())
        .thenApplyAsync(version -> api.noContent(), api.executor());
  }

  private void refuseConfigured(String model, String what) {
    if (gateway.pool(model).filter(Pool::configured).isPresent()) {
      throw new ApiException(StatusCodes.CONFLICT, POOL_CONFIGURED, "pool '" + model + "' comes from the node's"
          + " configuration (switchboard.gateway.pools) and cannot be " + what + " at run time: change it there");
    }
  }

  private Long refused(Throwable failure) {
    Throwable cause = OpenAiErrors.unwrap(failure);
    if (cause instanceof StatusReply.ErrorMessage error && error.getMessage().startsWith(UNKNOWN_POOL + ": ")) {
      throw new ApiException(StatusCodes.NOT_FOUND, UNKNOWN_POOL,
          error.getMessage().substring(UNKNOWN_POOL.length() + 2));
    }
    throw failure instanceof RuntimeException r ? r : new IllegalStateException(failure);
  }

  private static ApiException unknown(String model) {
    return new ApiException(StatusCodes.NOT_FOUND, UNKNOWN_POOL, "no pool serves model '" + model + "'");
  }

  private static <T> CompletionStage<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }
}
