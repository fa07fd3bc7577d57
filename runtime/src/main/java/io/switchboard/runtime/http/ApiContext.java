package io.switchboard.runtime.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.Switchboard;
import io.switchboard.runtime.metrics.NodeMetrics;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;

/** What every route of the API shares: the library, JSON, settings, metrics and the executor. */
public final class ApiContext {
  private final Switchboard switchboard;
  private final HttpSettings settings;
  private final JsonCodec json;
  private final RequestBodies bodies;
  private final Failures failures;
  private final Payloads payloads;
  private final NodeMetrics metrics;
  private final Executor executor;

  public ApiContext(
      Switchboard switchboard,
      HttpSettings settings,
      JsonCodec json,
      RequestBodies bodies,
      NodeMetrics metrics,
      Executor executor) {
    this.switchboard = switchboard;
    this.settings = settings;
    this.json = json;
    this.bodies = bodies;
    this.failures = new Failures(json, settings.defaultRetryAfter());
    this.payloads = new Payloads(json);
    this.metrics = metrics;
    this.executor = executor;
  }

  public Switchboard switchboard() {
    return switchboard;
  }

  public HttpSettings settings() {
    return settings;
  }

  public JsonCodec json() {
    return json;
  }

  public Failures failures() {
    return failures;
  }

  public Payloads payloads() {
    return payloads;
  }

  public NodeMetrics metrics() {
    return metrics;
  }

  public Executor executor() {
    return executor;
  }

  /** Completes the request with the answer {@code work} produces, or with its failure as JSON. */
  public Route respond(Supplier<CompletionStage<HttpResponse>> work) {
    CompletionStage<HttpResponse> answer;
    try {
      answer = work.get();
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    return Directives.completeWithFuture(
        answer.handleAsync(
            (response, failure) -> failure == null ? response : failures.toResponse(failure),
            executor));
  }

  /** Returns the required JSON body converted to {@code type}. */
  public <T> CompletionStage<T> body(HttpRequest request, Class<T> type) {
    return bodies.required(request).thenApplyAsync(node -> bodies.convert(node, type), executor);
  }

  /** Returns the JSON body converted to {@code type}, or empty when there is no body. */
  public <T> CompletionStage<Optional<T>> optionalBody(HttpRequest request, Class<T> type) {
    return bodies
        .optional(request)
        .thenApplyAsync(node -> node.map(n -> bodies.convert(n, type)), executor);
  }

  /** Returns the required JSON body as bytes, checked for size and type but not parsed. */
  public CompletionStage<byte[]> rawBody(HttpRequest request) {
    return bodies.bytes(request);
  }

  /** Returns the required JSON body as a tree. */
  public CompletionStage<JsonNode> tree(HttpRequest request) {
    return bodies.required(request);
  }

  /** Converts a tree into a request record, or throws a 400 naming the offending field. */
  public <T> T convert(JsonNode node, Class<T> type) {
    return bodies.convert(node, type);
  }

  /** Returns 200 with a JSON body. */
  public HttpResponse ok(Object body) {
    return json.response(StatusCodes.OK, body);
  }

  /** Returns 201 with a JSON body. */
  public HttpResponse created(Object body) {
    return json.response(StatusCodes.CREATED, body);
  }

  /** Returns 204 without a body. */
  public HttpResponse noContent() {
    return HttpResponse.create().withStatus(StatusCodes.NO_CONTENT);
  }
}
