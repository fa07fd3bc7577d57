package io.switchboard.runtime.http.request;

import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.delete;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;

import io.switchboard.ErrorCode;
import io.switchboard.Switchboard;
import io.switchboard.SwitchboardException;
import io.switchboard.message.Message;
import io.switchboard.message.MessageValidator;
import io.switchboard.message.Names;
import io.switchboard.request.RequestEndedException;
import io.switchboard.request.RequestOptions;
import io.switchboard.runtime.auth.Principal;
import io.switchboard.runtime.auth.RequestAccess;
import io.switchboard.runtime.auth.TenantStamp;
import io.switchboard.runtime.http.ApiContext;
import io.switchboard.runtime.http.ApiException;
import io.switchboard.runtime.http.ErrorBody;
import io.switchboard.runtime.http.Failures;
import io.switchboard.runtime.http.Params;
import io.switchboard.runtime.http.publish.MessageFactory;
import io.switchboard.runtime.http.publish.MessageRequest;
import io.switchboard.runtime.quota.RateLimits;
import io.switchboard.runtime.quota.TenantRateLimiter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * {@code POST /v1/topics/{topic}/requests} (an event stream, or one JSON document with {@code
 * ?stream=false} or {@code Prefer: wait}), {@code GET /v1/requests/{id}/replies} (reattach after
 * {@code Last-Event-ID} or {@code ?cursor=}) and {@code DELETE /v1/requests/{id}} (cancel).
 */
public final class RequestRoutes {
  private final ApiContext api;
  private final Switchboard switchboard;
  private final MessageFactory factory;
  private final TenantRateLimiter limiter;
  private final EventStreams streams;
  private final Materializer materializer;
  private final RequestHttpSettings settings;
  private final RequestAccess access;
  private final int maxWindow;

  public RequestRoutes(ApiContext api) {
    this.api = api;
    this.switchboard = api.switchboard();
    this.factory = new MessageFactory(new MessageValidator(switchboard.limits()));
    this.limiter = RateLimits.get(switchboard.system());
    this.settings =
        RequestHttpSettings.fromConfig(
            switchboard.system().settings().config().getConfig("switchboard.http.requests"));
    this.materializer = Materializer.matFromSystem(switchboard.system());
    this.access = new RequestAccess(switchboard.requestSide(), api.executor());
    this.maxWindow = switchboard.settings().requests().maxWindow();
    this.streams =
        new EventStreams(
            new ReplyEvents(api.json()), settings.sseKeepalive(), materializer, api.executor());
  }

  /**
   * Routes matched under {@code /v1}; a request id is {@code principal}'s only with produce on its
   * topic.
   */
  public Route routes(Principal principal) {
    return concat(
        pathPrefix(
            "topics",
            () ->
                pathPrefix(
                    PathMatchers.segment(),
                    topic -> path("requests", () -> post(() -> send(topic, principal))))),
        pathPrefix(
            "requests",
            () ->
                pathPrefix(
                    PathMatchers.segment(),
                    id ->
                        concat(
                            pathEnd(() -> delete(() -> api.respond(() -> cancel(principal, id)))),
                            path("replies", () -> get(() -> reattach(principal, id)))))));
  }

  private Route send(String topic, Principal principal) {
    return extractRequest(
        request ->
            parameterOptional(
                "timeoutMs",
                timeout ->
                    parameterOptional(
                        "stream",
                        stream ->
                            parameterOptional(
                                "window",
                                window ->
                                    api.respond(
                                        () -> {
                                          Names.requireTopic(topic);
                                          RequestOptions options = options(timeout, window);
                                          boolean streaming =
                                              !stream.map("false"::equals).orElse(false)
                                                  && !prefersWait(request);
                                          return api.rawBody(request)
                                              .thenComposeAsync(
                                                  body -> {
                                                    Message message =
                                                        factory.create(
                                                            topic,
                                                            api.json()
                                                                .read(
                                                                    body,
                                                                    (parser, reader) ->
                                                                        reader
                                                                            .forType(
                                                                                MessageRequest
                                                                                    .class)
                                                                            .readValue(parser)),
                                                            TenantStamp.of(principal));
                                                    limiter.admit(principal, List.of(message));
                                                    return streaming
                                                        ? streams.request(
                                                            switchboard.requestAccepted(
                                                                message, options),
                                                            message.id(),
                                                            () ->
                                                                switchboard
                                                                    .requestSide()
                                                                    .detach(message.id()))
                                                        : collect(message, options);
                                                  },
                                                  api.executor());
                                        })))));
  }

  /** Answers one JSON document once the request ended: every chunk, the final reply last. */
  private CompletionStage<HttpResponse> collect(Message message, RequestOptions options) {
    return switchboard
        .request(message, options)
        .via(new DetachedCancel<>(() -> switchboard.requestSide().detach(message.id())))
        .limitWeighted(settings.maxCollectedBytes(), chunk -> (long) chunk.payload().length)
        .runWith(Sink.seq(), materializer)
        .handleAsync(
            (chunks, failure) -> {
              if (failure instanceof org.apache.pekko.stream.StreamLimitReachedException) {
                throw new SwitchboardException(
                    ErrorCode.PAYLOAD_TOO_LARGE,
                    "the answer of request '"
                        + message.id()
                        + "' is over "
                        + settings.maxCollectedBytes()
                        + " bytes (switchboard.http.requests.max-collected-bytes):"
                        + " read it as an event stream from GET /v1/requests/"
                        + message.id()
                        + "/replies");
              }
              Throwable cause =
                  failure instanceof CompletionException && failure.getCause() != null
                      ? failure.getCause()
                      : failure;
              if (cause instanceof RequestEndedException ended && ended.usage() != null) {
                // As the event stream's error event: the tokens the worker reported come along.
                return api.json()
                    .response(
                        Failures.status(ended.code()),
                        new ReplyEvents.Ended(
                            ErrorBody.of(ended.code().name(), ended.getMessage()).error(),
                            ended.usage()));
              }
              if (failure != null) {
                throw failure instanceof RuntimeException unchecked
                    ? unchecked
                    : new IllegalStateException(failure);
              }
              return api.ok(new Answer(message.id(), chunks.stream().map(ChunkView::of).toList()));
            },
            api.executor());
  }

  private Route reattach(Principal principal, String id) {
    return extractRequest(
        request ->
            parameterOptional(
                "cursor",
                cursorParam ->
                    api.respond(
                        () -> {
                          long cursor =
                              cursor(
                                  request.getHeader("Last-Event-ID").map(h -> h.value()),
                                  cursorParam);
                          return access
                              .mayUse(principal, id)
                              .thenComposeAsync(
                                  allowed -> {
                                    if (!allowed) { // as if it did not exist; and a stranger's
                                      // leaving detaches nothing
                                      return streams.reattach(Source.failed(unknown(id)), () -> {});
                                    }
                                    return streams.reattach(
                                        switchboard.replies(id, cursor),
                                        () -> switchboard.requestSide().detach(id));
                                  },
                                  api.executor());
                        })));
  }

  private CompletionStage<HttpResponse> cancel(Principal principal, String id) {
    return access
        .mayUse(principal, id)
        .thenApplyAsync(
            allowed -> {
              if (allowed) { // else answered as an unknown id is: accepted, nothing to cancel
                switchboard
                    .requestSide()
                    .cancel(id, "cancelled by its caller (DELETE /v1/requests/" + id + ")");
              }
              return api.json().response(StatusCodes.ACCEPTED, new Cancelled(id));
            },
            api.executor());
  }

  /** The refusal of an id the reply stream does not know, word for word. */
  static SwitchboardException unknown(String id) {
    return new SwitchboardException(ErrorCode.UNKNOWN_REQUEST, "no request with id '" + id + "'");
  }

  private RequestOptions options(Optional<String> timeoutMs, Optional<String> window) {
    RequestOptions options =
        timeoutMs.isEmpty()
            ? RequestOptions.DEFAULT
            : RequestOptions.timeout(
                Duration.ofMillis(
                    Params.intParam("timeoutMs", timeoutMs, 0, 1, Integer.MAX_VALUE)));
    // The caller's reply window, 1 to switchboard.requests.max-window; absent: the node's window.
    return window.isEmpty()
        ? options
        : options.withWindow(Params.intParam("window", window, 0, 1, maxWindow));
  }

  private static boolean prefersWait(HttpRequest request) {
    return request
        .getHeader("Prefer")
        .map(h -> h.value().toLowerCase(java.util.Locale.ROOT).contains("wait"))
        .orElse(false);
  }

  private static long cursor(Optional<String> lastEventId, Optional<String> param) {
    Optional<String> text = lastEventId.isPresent() ? lastEventId : param;
    if (text.isEmpty()) {
      return 0;
    }
    try {
      long cursor = Long.parseLong(text.get().trim());
      if (cursor >= 0) {
        return cursor;
      }
    } catch (NumberFormatException notANumber) {
      // answered below
    }
    throw ApiException.invalid(
        "the cursor (Last-Event-ID or ?cursor=) must be a seq >= 0, got '" + text.get() + "'");
  }

  /** The body of a non-streaming answer. */
  record Answer(String requestId, List<ChunkView> chunks) {}

  /** The body of a cancel. */
  record Cancelled(String requestId) {}
}
