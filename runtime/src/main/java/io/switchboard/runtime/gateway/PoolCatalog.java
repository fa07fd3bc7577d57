package io.switchboard.runtime.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.runtime.http.ApiException;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/**
 * The gateway's pools as the admin API (HTTP and gRPC) sees them: list, show, define and delete;
 * refusals are {@link ApiException}s both edges answer with their own status.
 */
public final class PoolCatalog {
  /** A pool of the node's configuration: changed only there (409 / FAILED_PRECONDITION). */
  public static final String POOL_CONFIGURED = "POOL_CONFIGURED";

  /**
   * A definition whose topic settings differ from those of the pool's existing topic (409 /
   * ALREADY_EXISTS): they are fixed when the topic is created.
   */
  public static final String POOL_TOPIC_SETTINGS = "POOL_TOPIC_SETTINGS";

  /** No pool of that model (404 / NOT_FOUND). */
  public static final String UNKNOWN_POOL = "UNKNOWN_POOL";

  private final Gateway gateway;
  private final Executor executor;
  private final ObjectMapper json = new ObjectMapper();

  PoolCatalog(Gateway gateway, Executor executor) {
    this.gateway = gateway;
    this.executor = executor;
  }

  /** Returns every pool, by model name. */
  public List<ObjectNode> list() {
    return gateway.pools().stream().map(pool -> PoolView.of(json, pool)).toList();
  }

  /** Returns {@code model}'s pool, or throws 404 {@code UNKNOWN_POOL}. */
  public ObjectNode get(String model) {
    return PoolView.of(json, gateway.pool(model).orElseThrow(() -> unknown(model)));
  }

  /**
   * Stores {@code body} as {@code model}'s run-time pool; completes with it once this node serves
   * it.
   */
  public CompletionStage<ObjectNode> define(String model, JsonNode body) {
    refuseConfigured(model, "defined");
    if (!(body instanceof ObjectNode)) {
      throw ApiException.invalid(
          "a pool is a JSON object of the keys of switchboard.gateway.pools (docs/gateway.md)");
    }
    String definition = body.toString();
    PoolSettings pool =
        gateway.settings().reader().readJson(model, definition); // 400 naming the key or value
    PoolAdmin admin = admin();
    return PoolTopic.differences(gateway.switchboard(), gateway.settings().group(), pool, executor)
        .thenComposeAsync(
            differ -> {
              if (!differ.isEmpty()) {
                throw topicSettings(pool, differ);
              }
              return admin.define(model, definition);
            },
            executor)
        .exceptionallyAsync(PoolCatalog::refused, executor)
        .thenApplyAsync(version -> get(model), executor);
  }

  /** Deletes {@code model}'s run-time pool; completes once this node no longer serves it. */
  public CompletionStage<Done> delete(String model) {
    refuseConfigured(model, "deleted");
    return admin()
        .delete(model)
        .exceptionallyAsync(PoolCatalog::refused, executor)
        .thenApplyAsync(version -> Done.getInstance(), executor);
  }

  private PoolAdmin admin() {
    return gateway
        .admin()
        .orElseThrow(() -> new UnsupportedOperationException("this node runs no gateway"));
  }

  private void refuseConfigured(String model, String what) {
    if (gateway.pool(model).filter(Pool::configured).isPresent()) {
      throw new ApiException(
          StatusCodes.CONFLICT,
          POOL_CONFIGURED,
          "pool '"
              + model
              + "' comes from the node's"
              + " configuration (switchboard.gateway.pools) and cannot be "
              + what
              + " at run time: change it there");
    }
  }

  private static Long refused(Throwable failure) {
    Throwable cause = OpenAiErrors.unwrap(failure);
    if (cause instanceof PoolAdmin.UnknownPool unknown) {
      throw new ApiException(StatusCodes.NOT_FOUND, UNKNOWN_POOL, unknown.getMessage());
    }
    throw failure instanceof RuntimeException r ? r : new IllegalStateException(failure);
  }

  private static ApiException topicSettings(PoolSettings pool, List<String> differ) {
    return new ApiException(
        StatusCodes.CONFLICT,
        POOL_TOPIC_SETTINGS,
        "pool '"
            + pool.model()
            + "': its topic '"
            + pool.topic()
            + "' exists with other settings, which are fixed when the topic is created ("
            + String.join("; ", differ)
            + "): define the pool with the topic's values, or with another topic, or delete the"
            + " topic once no call waits on it (DELETE /v1/topics/"
            + pool.topic()
            + ") and define the pool again");
  }

  private static ApiException unknown(String model) {
    return new ApiException(
        StatusCodes.NOT_FOUND, UNKNOWN_POOL, "no pool serves model '" + model + "'");
  }
}
