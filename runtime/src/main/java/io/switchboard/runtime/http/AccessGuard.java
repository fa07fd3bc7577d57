package io.switchboard.runtime.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.toStrictEntity;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.runtime.auth.AccessRule;
import io.switchboard.runtime.auth.AccessTable;
import io.switchboard.runtime.auth.Authenticator;
import io.switchboard.runtime.auth.Principal;
import io.switchboard.runtime.auth.Right;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.HttpChallenge;
import org.apache.pekko.http.javadsl.model.headers.WWWAuthenticate;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Authenticates every request it wraps and authorizes it by its row of {@link AccessTable}, before
 * the route runs (so before any topic is looked up): 401 UNAUTHENTICATED with {@code
 * WWW-Authenticate: Bearer}, 403 PERMISSION_DENIED, or 404/405 for a route the table does not know.
 */
public final class AccessGuard {
  private final Authenticator authenticator;
  private final Failures failures;
  private final JsonCodec json;
  private final long maxBodyBytes;
  private final Duration bodyTimeout;
  private final Clock clock;

  public AccessGuard(Authenticator authenticator, ApiContext api, Clock clock) {
    this.authenticator = authenticator;
    this.failures = api.failures();
    this.json = api.json();
    this.maxBodyBytes = api.settings().maxBodyBytes();
    this.bodyTimeout = api.settings().askTimeout();
    this.clock = clock;
  }

  /**
   * Returns {@code inner} for the request's principal once it may make the request; without auth,
   * for anyone.
   */
  public Route guarded(Function<Principal, Route> inner) {
    return guarded(inner, this::unauthorized);
  }

  /**
   * As {@link #guarded(Function)}, a refused credential answered by {@code unauthorized} (its
   * reason in): the OpenAI gateway answers in OpenAI's error shape.
   */
  public Route guarded(
      Function<Principal, Route> inner, Function<String, HttpResponse> unauthorized) {
    if (!authenticator.enabled()) {
      return inner.apply(Principal.ANONYMOUS);
    }
    return extractRequest(
        request -> {
          Authenticator.Outcome outcome =
              authenticator.authenticate(
                  request.getHeader("Authorization").map(HttpHeader::value), clock.instant());
          if (outcome instanceof Authenticator.Refused refused) {
            return complete(unauthorized.apply(refused.reason()));
          }
          Principal principal = ((Authenticator.Authenticated) outcome).principal();
          String template = RouteTemplate.of(request.getUri().path());
          Optional<AccessTable.HttpRow> row = AccessTable.http(request.method().name(), template);
          if (row.isEmpty()) {
            return complete(
                template.equals("other")
                    ? failures.error(
                        StatusCodes.NOT_FOUND,
                        ApiCodes.NOT_FOUND,
                        "no endpoint at " + request.getUri().path())
                    : failures.error(
                        StatusCodes.METHOD_NOT_ALLOWED,
                        ApiCodes.METHOD_NOT_ALLOWED,
                        request.method().name() + " is not allowed on " + template));
          }
          if (row.get().bodyField().isEmpty()) {
            return authorized(principal, row.get(), List.of(pathTopic(template, request)), inner);
          }
          // the topic is named in the body: read it whole (bounded) first; the route reads it again
          return toStrictEntity(
              bodyTimeout,
              maxBodyBytes,
              () ->
                  extractRequest(
                      strict ->
                          authorized(
                              principal,
                              row.get(),
                              List.of(bodyTopic(strict, row.get().bodyField().get())),
                              inner)));
        });
  }

  /**
   * Returns the management endpoints behind authentication: {@code /health/*} open, reads (GET) for
   * any principal, writes (leave, down) for one with admin on every topic.
   */
  public Route management(Supplier<Route> inner) {
    return extractRequest(
        request -> {
          if (!authenticator.enabled() || request.getUri().path().startsWith("/health/")) {
            return inner.get();
          }
          Authenticator.Outcome outcome =
              authenticator.authenticate(
                  request.getHeader("Authorization").map(HttpHeader::value), clock.instant());
          if (outcome instanceof Authenticator.Refused refused) {
            return complete(unauthorized(refused.reason()));
          }
          boolean read =
              request.method().name().equals("GET") || request.method().name().equals("HEAD");
          AccessTable.HttpRow row =
              new AccessTable.HttpRow(
                  read ? AccessRule.principal() : AccessRule.everywhere(Right.ADMIN),
                  Optional.empty());
          return authorized(
              ((Authenticator.Authenticated) outcome).principal(),
              row,
              List.of(),
              principal -> inner.get());
        });
  }

  /** Returns the 401 answer of every API of the node. */
  public HttpResponse unauthorized(String reason) {
    return failures
        .error(StatusCodes.UNAUTHORIZED, ApiCodes.UNAUTHENTICATED, reason)
        .addHeader(WWWAuthenticate.create(HttpChallenge.create("Bearer", "switchboard")));
  }

  private Route authorized(
      Principal principal,
      AccessTable.HttpRow row,
      List<String> topics,
      Function<Principal, Route> inner) {
    String refusal = row.rule().refusal(principal, topics);
    return refusal == null
        ? inner.apply(principal)
        : complete(failures.error(StatusCodes.FORBIDDEN, ApiCodes.PERMISSION_DENIED, refusal));
  }

  private static String pathTopic(String template, HttpRequest request) {
    List<String> names = List.of(template.split("/"));
    int index = names.indexOf("{topic}");
    String[] segments = request.getUri().path().split("/");
    return index < 0 || index >= segments.length ? "" : segments[index];
  }

  /**
   * Returns the body's {@code field}, or "" (needs the right on every topic) when there is none to
   * read.
   */
  private String bodyTopic(HttpRequest request, String field) {
    try {
      byte[] body = ((HttpEntity.Strict) request.entity()).getData().toArray();
      JsonNode value = json.readTree(body).path(field);
      return value.isTextual() ? value.asText() : "";
    } catch (RuntimeException unreadable) {
      // the route refuses the body itself; only a principal allowed everywhere gets that far
      return "";
    }
  }
}
