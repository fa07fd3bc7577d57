package io.switchboard.runtime.gateway;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.post;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.Switchboard;
import io.switchboard.message.Message;
import io.switchboard.priority.SchedulingHeaders;
import io.switchboard.request.ReplyChunk;
import io.switchboard.request.RequestOptions;
import io.switchboard.runtime.auth.Principal;
import io.switchboard.runtime.auth.Right;
import io.switchboard.runtime.auth.TenantStamp;
import io.switchboard.runtime.http.AccessGuard;
import io.switchboard.runtime.http.ApiContext;
import io.switchboard.runtime.quota.RateLimited;
import io.switchboard.runtime.quota.RateLimits;
import io.switchboard.runtime.quota.TenantRateLimiter;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The OpenAI API of the node: {@code POST /v1/chat/completions}, {@code /v1/completions}, {@code
 * /v1/embeddings} and {@code GET /v1/models}. Each call is one Switchboard request on its model's
 * pool; every refusal is in OpenAI's error shape. A caller that goes away before its answer ends,
 * streaming or not, cancels its request (the backend's connection is closed).
 */
public final class GatewayRoutes {
  private final Gateway gateway;
  private final AccessGuard guard;
  private final Switchboard switchboard;
  private final ObjectMapper json = new ObjectMapper();
  private final OpenAiErrors errors;
  private final Materializer materializer;
  private final Executor executor;
  private final long maxBodyBytes;
  private final Duration bodyTimeout;
  private final TenantRateLimiter limiter;
  private final Clock clock = Clock.systemUTC(); // times a failing read's resumption only
  private final CallResponses responses;

  public GatewayRoutes(Gateway gateway, ApiContext api, AccessGuard guard) {
    this.gateway = gateway;
    this.guard = guard;
    this.switchboard = api.switchboard();
    this.errors = new OpenAiErrors(json, api.settings().defaultRetryAfter());
    this.materializer = Materializer.matFromSystem(switchboard.system());
    this.executor = api.executor();
    this.maxBodyBytes = api.settings().maxBodyBytes();
    this.bodyTimeout = api.settings().askTimeout();
    this.limiter = RateLimits.get(switchboard.system());
    this.responses =
        new CallResponses(
            switchboard,
            errors,
            new Answers(json),
            materializer,
            executor,
            gateway.settings().sseKeepalive());
  }

  /**
   * Returns the routes under {@code /v1}; paths they do not know fall through to the rest of the
   * API.
   */
  public Route routes() {
    return concat(
        path(
            PathMatchers.segment("chat").slash("completions"),
            () -> post(() -> call(Endpoint.CHAT))),
        path("completions", () -> post(() -> call(Endpoint.COMPLETIONS))),
        path("embeddings", () -> post(() -> call(Endpoint.EMBEDDINGS))),
        path("models", () -> get(() -> guard.guarded(this::models, errors::unauthorized))));
  }

  private Route models(Principal principal) {
    ObjectNode list = json.createObjectNode().put("object", "list");
    ArrayNode data = list.putArray("data");
    for (Pool pool : gateway.pools()) {
      if (principal.may(Right.PRODUCE, pool.settings().topic())) {
        data.addObject()
            .put("id", pool.settings().model())
            .put("object", "model")
            .put("created", 0)
            .put("owned_by", "switchboard");
      }
    }
    return complete(
        HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, errors.bytes(list)));
  }

  private Route call(Endpoint endpoint) {
    return guard.guarded(
        principal ->
            extractRequest(
                request ->
                    completeWithFuture(
                        request
                            .entity()
                            .toStrict(bodyTimeout.toMillis(), maxBodyBytes, materializer)
                            .thenComposeAsync(
                                strict ->
                                    answer(
                                        endpoint, principal, request, strict.getData().toArray()),
                                executor)
                            .exceptionallyAsync(this::refusedBody, executor))),
        errors::unauthorized);
  }

  private HttpResponse refusedBody(Throwable failure) {
    Throwable cause = OpenAiErrors.unwrap(failure);
    String name = cause.getClass().getSimpleName();
    return name.contains("EntityStreamSizeException")
        ? errors.response(
            413,
            "the body is over " + maxBodyBytes + " bytes (switchboard.http.max-body-bytes)",
            "invalid_request_error",
            null,
            "body_too_large")
        : errors.of(cause);
  }

  private CompletionStage<HttpResponse> answer(
      Endpoint endpoint, Principal principal, HttpRequest request, byte[] bytes) {
    ObjectNode body;
    try {
      JsonNode parsed = json.readTree(bytes);
      if (!(parsed instanceof ObjectNode object)) {
        return done(errors.badRequest("the body must be a JSON object", null));
      }
      body = object;
    } catch (IOException e) {
      return done(
          errors.badRequest(
              "We could not parse the JSON body of your request: "
                  + e.getMessage().lines().findFirst().orElse(""),
              null));
    }
    if (!body.path("model").isTextual() || body.get("model").asText().isEmpty()) {
      return done(errors.badRequest("you must provide a model parameter", "model"));
    }
    String model = body.get("model").asText();
    Optional<Pool> pool = gateway.pool(model);
    if (pool.isEmpty() || !principal.may(Right.PRODUCE, pool.get().settings().topic())) {
      return done(errors.unknownModel(model));
    }
    HttpResponse invalid = invalid(endpoint, body);
    if (invalid != null) {
      return done(invalid);
    }
    Optional<Duration> timeout = timeout(request, pool.get().settings());
    if (timeout.isEmpty()) {
      return done(
          errors.badRequest(
              gateway.settings().timeoutHeader()
                  + " must be a whole number of milliseconds"
                  + " from 1 to "
                  + pool.get().settings().maxTimeout().toMillis(),
              null));
    }
    if (!pool.get().available()) {
      return done(errors.noBackend(model));
    }
    Message message =
        CallMessage.of(
            endpoint,
            pool.get().settings(),
            body,
            bytes,
            principal.tenant(),
            header(request, gateway.settings().priorityHeader()),
            header(request, gateway.settings().conversationHeader()));
    try {
      limiter.admit(principal, List.of(message)); // the node-wide limits, per tenant
    } catch (RateLimited refused) {
      return done(errors.rateLimited(refused)); // nothing stored
    }
    Pool admitted = pool.get();
    return gateway
        .rateLimits()
        .admit(
            admitted,
            TenantStamp.countedAs(principal, message.headers()),
            SchedulingHeaders.parseCost(message.headers().get(SchedulingHeaders.COST)))
        .thenComposeAsync(
            refusal ->
                refusal.isPresent()
                    ? done(errors.rateLimited(refusal.get())) // nothing stored
                    : send(endpoint, admitted, request, body, message, timeout.get()),
            executor);
  }

  /** Sends an admitted call as a request on its pool and answers with its replies. */
  private CompletionStage<HttpResponse> send(
      Endpoint endpoint,
      Pool pool,
      HttpRequest request,
      ObjectNode body,
      Message message,
      Duration timeout) {
    Source<ReplyChunk, ?> replies =
        ResumingReplies.of(
                switchboard.requestAccepted(message, RequestOptions.timeout(timeout)),
                message.id(),
                switchboard::replies,
                gateway.settings().replyResumeTimeout(),
                clock)
            .mapMaterializedValue(
                stored ->
                    pool.calls()
                        .trackOnceStored(
                            message.id(), stored, switchboard.requestSide()::cancel, executor));
    boolean stream = endpoint.streams() && body.path("stream").asBoolean(false);
    FinalReply.Stamp stamp =
        new FinalReply.Stamp(
            endpoint,
            endpoint.answerId(message.id()),
            pool.settings().model(),
            message.createdAt().getEpochSecond());
    return stream
        ? responses.streamed(
            stamp,
            pool,
            message.id(),
            replies,
            body.path("stream_options").path("include_usage").asBoolean(false))
        : responses.whole(stamp, pool, message.id(), request, replies);
  }

  /** Returns the 400 of a body without what its endpoint needs, or null. */
  private HttpResponse invalid(Endpoint endpoint, ObjectNode body) {
    JsonNode required = body.path(endpoint.requiredField());
    boolean present =
        endpoint == Endpoint.CHAT
            ? required.isArray() && !required.isEmpty()
            : required.isTextual() || required.isArray();
    if (!present) {
      return errors.badRequest(
          "'"
              + endpoint.requiredField()
              + "' is a required property"
              + (endpoint == Endpoint.CHAT ? " (a non-empty array of messages)" : ""),
          endpoint.requiredField());
    }
    if (body.has("stream_options") && !body.path("stream").asBoolean(false)) {
      return errors.badRequest(
          "stream_options is only allowed when stream is true", "stream_options");
    }
    return null;
  }

  private Optional<Duration> timeout(HttpRequest request, PoolSettings pool) {
    Optional<String> asked = header(request, gateway.settings().timeoutHeader());
    if (asked.isEmpty()) {
      return Optional.of(pool.timeout());
    }
    try {
      long millis = Long.parseLong(asked.get().trim());
      return millis < 1 || millis > pool.maxTimeout().toMillis()
          ? Optional.empty()
          : Optional.of(Duration.ofMillis(millis));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> header(HttpRequest request, String name) {
    return request.getHeader(name).map(HttpHeader::value).filter(value -> !value.isBlank());
  }

  private static CompletionStage<HttpResponse> done(HttpResponse response) {
    return CompletableFuture.completedFuture(response);
  }
}
