package io.switchboard.runtime.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.handleExceptions;
import static org.apache.pekko.http.javadsl.server.Directives.handleRejections;
import static org.apache.pekko.http.javadsl.server.Directives.mapResponse;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;

import io.switchboard.runtime.auth.Authenticator;
import io.switchboard.runtime.auth.Principal;
import io.switchboard.runtime.console.ConsoleRoutes;
import io.switchboard.runtime.console.ConsoleSettings;
import io.switchboard.runtime.gateway.Gateway;
import io.switchboard.runtime.gateway.GatewayRoutes;
import io.switchboard.runtime.gateway.PoolRoutes;
import io.switchboard.runtime.http.binding.BindingRoutes;
import io.switchboard.runtime.http.cluster.ClusterRoutes;
import io.switchboard.runtime.http.consume.ConsumeRoutes;
import io.switchboard.runtime.http.consume.StreamRoute;
import io.switchboard.runtime.http.publish.PublishRoutes;
import io.switchboard.runtime.http.request.RequestRoutes;
import io.switchboard.runtime.http.topic.BacklogRoute;
import io.switchboard.runtime.http.topic.DeadLetterRoutes;
import io.switchboard.runtime.http.topic.GroupRoutes;
import io.switchboard.runtime.http.topic.TopicRoutes;
import io.switchboard.runtime.simulator.SimulatorRoutes;
import io.switchboard.runtime.simulator.SimulatorRuns;
import java.time.Clock;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Connection;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The whole HTTP API of a node: {@code /v1/...}, {@code /metrics}, {@code /health/...} and {@code
 * /console}.
 */
public final class HttpApi {
  private final ApiContext api;
  private final Readiness readiness;
  private final TopicRoutes topics;
  private final GroupRoutes groups;
  private final BacklogRoute backlog;
  private final DeadLetterRoutes deadLetters;
  private final PublishRoutes publish;
  private final ConsumeRoutes consume;
  private final StreamRoute stream;
  private final BindingRoutes bindings;
  private final ClusterRoutes cluster;
  private final RequestRoutes requests;
  private final AccessGuard guard;
  private final GatewayRoutes gateway;
  private final PoolRoutes pools;
  private final ConsoleRoutes console;
  private final SimulatorRoutes simulator;

  /** Returns the API open to every caller (no authentication). */
  public HttpApi(ApiContext api, Readiness readiness) {
    this(api, readiness, new AccessGuard(Authenticator.disabled(), api, Clock.systemUTC()));
  }

  /**
   * Returns the API behind {@code guard}: every route but {@code /health} needs what the access
   * table says.
   */
  public HttpApi(ApiContext api, Readiness readiness, AccessGuard guard) {
    this(api, readiness, guard, Gateway.none(), ConsoleSettings.disabled());
  }

  /**
   * Returns the API behind {@code guard}, with the OpenAI gateway of {@code gateway}'s pools and
   * the web console at {@code /console} when enabled.
   */
  public HttpApi(
      ApiContext api,
      Readiness readiness,
      AccessGuard guard,
      Gateway gateway,
      ConsoleSettings consoleSettings) {
    this.gateway = new GatewayRoutes(gateway, api, guard);
    this.pools = new PoolRoutes(gateway, api);
    this.api = api;
    this.console = new ConsoleRoutes(consoleSettings);
    this.guard = guard;
    this.readiness = readiness;
    this.topics = new TopicRoutes(api);
    this.groups = new GroupRoutes(api);
    this.backlog = new BacklogRoute(api);
    this.deadLetters = new DeadLetterRoutes(api);
    this.publish = new PublishRoutes(api);
    this.consume = new ConsumeRoutes(api, readiness);
    this.stream = new StreamRoute(api);
    this.bindings = new BindingRoutes(api);
    this.cluster = new ClusterRoutes(api);
    this.requests = new RequestRoutes(api);
    this.simulator = new SimulatorRoutes(api, SimulatorRuns.on(api.switchboard().system()));
  }

  /** Returns the route of the whole API, with JSON errors for every refusal. */
  public Route route() {
    return timed(
        () ->
            plainPath(
                () ->
                    closingWhenStopping(
                        () ->
                            handleExceptions(
                                exceptions(),
                                () ->
                                    handleRejections(
                                        new RejectionAnswers(api.failures()).handler(),
                                        () ->
                                            concat(
                                                path(
                                                    "metrics",
                                                    () ->
                                                        get(
                                                            () ->
                                                                guard.guarded(
                                                                    principal ->
                                                                        complete(metrics())))),
                                                pathPrefix(
                                                    "health",
                                                    () ->
                                                        concat(
                                                            path(
                                                                "alive",
                                                                () ->
                                                                    get(
                                                                        () ->
                                                                            complete(
                                                                                health(true)))),
                                                            path(
                                                                "ready",
                                                                () ->
                                                                    get(
                                                                        () ->
                                                                            complete(
                                                                                readinessAnswer()))))),
                                                console.route(),
                                                // the gateway's paths first: they authenticate
                                                // themselves, answering in OpenAI's shape
                                                pathPrefix(
                                                    "v1",
                                                    () ->
                                                        ready(
                                                            () ->
                                                                concat(
                                                                    gateway.routes(),
                                                                    guard.guarded(
                                                                        this::v1))))))))));
  }

  private Route plainPath(Supplier<Route> inner) {
    return extractRequest(
        request ->
            RawPaths.problem(request)
                .map(
                    problem ->
                        complete(
                            api.failures()
                                .error(StatusCodes.BAD_REQUEST, ApiCodes.INVALID_PATH, problem)))
                .orElseGet(inner));
  }

  private Route v1(Principal principal) {
    return concat(
        pathPrefix(
            "topics",
            () ->
                concat(
                    topics.collection(principal::sees),
                    pathPrefix(
                        PathMatchers.segment(),
                        topic ->
                            concat(
                                topics.single(topic),
                                pathPrefix(
                                    "groups",
                                    () ->
                                        concat(
                                            groups.collection(topic),
                                            pathPrefix(
                                                PathMatchers.segment(),
                                                group ->
                                                    concat(
                                                        groups.single(topic, group),
                                                        backlog.route(topic, group),
                                                        consume.routes(topic, group),
                                                        stream.route(topic, group))))),
                                pathPrefix("messages", () -> publish.toTopic(topic, principal)),
                                pathPrefix("dead-letters", () -> deadLetters.routes(topic)))))),
        requests.routes(principal),
        pathPrefix("routes", bindings::routes),
        pathPrefix("pools", pools::routes),
        pathPrefix("cluster", cluster::routes),
        pathPrefix("simulator", simulator::routes),
        pathPrefix("publish", () -> publish.throughRouter(principal)));
  }

  private Route ready(Supplier<Route> inner) {
    NodeStateAnswers answers =
        new NodeStateAnswers(api.failures(), api.settings().defaultRetryAfter());
    return switch (readiness.state()) {
      case READY -> inner.get();
      case STARTING -> complete(answers.starting());
      case STOPPING -> complete(answers.stopping());
    };
  }

  /**
   * Once the node stops, every answer closes its connection: the client's next request then opens a
   * new one (refused once the port is unbound) instead of racing the close of an idle one.
   */
  private Route closingWhenStopping(Supplier<Route> inner) {
    return mapResponse(
        response ->
            readiness.state() == Readiness.State.STOPPING
                    && response.getHeader(Connection.class).isEmpty()
                ? response.addHeader(Connection.create("close"))
                : response,
        inner);
  }

  private Route timed(Supplier<Route> inner) {
    return extractRequest(
        request -> {
          long start = System.nanoTime();
          String template = RouteTemplate.of(request.getUri().path());
          String method = request.method().name();
          return mapResponse(
              response -> {
                api.metrics()
                    .request(
                        template, method, response.status().intValue(), System.nanoTime() - start);
                return response;
              },
              inner);
        });
  }

  private ExceptionHandler exceptions() {
    return ExceptionHandler.newBuilder()
        .match(Throwable.class, failure -> complete(api.failures().toResponse(failure)))
        .build();
  }

  private HttpResponse metrics() {
    return HttpResponse.create().withEntity(ContentTypes.TEXT_PLAIN_UTF8, api.metrics().scrape());
  }

  private HttpResponse health(boolean ok) {
    return api.json()
        .response(
            ok ? StatusCodes.OK : StatusCodes.SERVICE_UNAVAILABLE,
            new Health(ok ? "ok" : "not ready", null));
  }

  private HttpResponse readinessAnswer() {
    return switch (readiness.state()) {
      case READY ->
          readiness.problem() == null
              ? health(true)
              : api.json()
                  .response(
                      StatusCodes.SERVICE_UNAVAILABLE,
                      new Health("not ready", readiness.problem()));
      case STARTING ->
          api.json().response(StatusCodes.SERVICE_UNAVAILABLE, new Health("starting", null));
      case STOPPING ->
          api.json().response(StatusCodes.SERVICE_UNAVAILABLE, new Health("stopping", null));
    };
  }

  /** The body of the health endpoints; {@code reason} says why not ready, when known. */
  public record Health(String status, String reason) {}
}
