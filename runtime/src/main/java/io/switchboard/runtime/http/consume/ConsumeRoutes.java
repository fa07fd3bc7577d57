package io.switchboard.runtime.http.consume;

import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.post;

import io.micrometer.core.instrument.Gauge;
import io.switchboard.Switchboard;
import io.switchboard.consumer.AckResult;
import io.switchboard.consumer.Delivery;
import io.switchboard.message.Names;
import io.switchboard.runtime.http.ApiCodes;
import io.switchboard.runtime.http.ApiContext;
import io.switchboard.runtime.http.Params;
import io.switchboard.runtime.http.Readiness;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /v1/topics/{topic}/groups/{group}/pull|ack|nack}: consuming by long poll. Long polls are
 * bounded per node and per client address, and end early when the node stops.
 */
public final class ConsumeRoutes {
  private static final Logger log = LoggerFactory.getLogger(ConsumeRoutes.class);
  private static final int DEFAULT_MAX = 10;

  private final ApiContext api;
  private final Switchboard switchboard;
  private final LongPollLimiter limiter;
  private final OpenPolls openPolls = new OpenPolls();

  public ConsumeRoutes(ApiContext api, Readiness readiness) {
    this.api = api;
    this.switchboard = api.switchboard();
    this.limiter =
        new LongPollLimiter(api.settings().maxLongPolls(), api.settings().maxLongPollsPerClient());
    Gauge.builder("switchboard.http.long.polls", limiter, LongPollLimiter::open)
        .description("Pulls with waitMs above 0 open on this node")
        .strongReference(true)
        .register(api.metrics().registry());
    readiness.stopping().thenRunAsync(openPolls::endAll, api.executor());
  }

  /** Routes matched under {@code /v1/topics/{topic}/groups/{group}}. */
  public Route routes(String topic, String group) {
    return concat(
        path(
            "pull",
            () ->
                post(
                    () ->
                        extractRequest(
                            request ->
                                api.respond(
                                    () -> {
                                      checkNames(topic, group);
                                      return api.optionalBody(request, PullRequest.class)
                                          .thenComposeAsync(
                                              body ->
                                                  pull(
                                                      topic,
                                                      group,
                                                      body.orElse(PullRequest.DEFAULT),
                                                      client(request)),
                                              api.executor());
                                    })))),
        path(
            "ack",
            () ->
                post(
                    () ->
                        extractRequest(
                            request ->
                                api.respond(
                                    () -> {
                                      checkNames(topic, group);
                                      return api.body(request, SettleRequest.class)
                                          .thenComposeAsync(
                                              body ->
                                                  settled(
                                                      topic,
                                                      group,
                                                      "ack",
                                                      switchboard.ack(
                                                          topic,
                                                          group,
                                                          body.parsed(api.settings().maxPull()))),
                                              api.executor());
                                    })))),
        path(
            "nack",
            () ->
                post(
                    () ->
                        extractRequest(
                            request ->
                                api.respond(
                                    () -> {
                                      checkNames(topic, group);
                                      return api.body(request, SettleRequest.class)
                                          .thenComposeAsync(
                                              body ->
                                                  settled(
                                                      topic,
                                                      group,
                                                      "nack",
                                                      switchboard.nack(
                                                          topic,
                                                          group,
                                                          body.parsed(api.settings().maxPull()),
                                                          body.delay(
                                                              api.settings().maxNackDelay()))),
                                              api.executor());
                                    })))));
  }

  private CompletionStage<HttpResponse> pull(
      String topic, String group, PullRequest body, String client) {
    int max = Params.intValue("max", body.max(), DEFAULT_MAX, 1, api.settings().maxPull());
    long waitMs =
        Params.longValue("waitMs", body.waitMs(), 0, 0, api.settings().maxPullWait().toMillis());
    if (waitMs == 0) {
      return answer(topic, group, switchboard.pull(topic, group, max, Duration.ZERO));
    }
    return switch (limiter.acquire(client)) {
      case GRANTED ->
          answer(topic, group, longPoll(topic, group, max, Duration.ofMillis(waitMs), client));
      case CLIENT_FULL ->
          CompletableFuture.completedFuture(
              refused(
                  StatusCodes.TOO_MANY_REQUESTS,
                  ApiCodes.TOO_MANY_LONG_POLLS,
                  "this client already has "
                      + api.settings().maxLongPollsPerClient()
                      + " long polls open on this node (switchboard.http.max-long-polls-per-client): "
                      + "retry later, or pull with waitMs 0"));
      case NODE_FULL ->
          CompletableFuture.completedFuture(
              refused(
                  StatusCodes.SERVICE_UNAVAILABLE,
                  ApiCodes.LONG_POLLS_EXHAUSTED,
                  "this node already has "
                      + api.settings().maxLongPolls()
                      + " long polls open (switchboard.http.max-long-polls): retry later or on another node, "
                      + "or pull with waitMs 0"));
    };
  }

  /** Runs a long poll under its permit; it answers early, with nothing, when the node stops. */
  private CompletionStage<List<Delivery>> longPoll(
      String topic, String group, int max, Duration wait, String client) {
    CompletionStage<List<Delivery>> pulled;
    try {
      pulled = switchboard.pull(topic, group, max, wait);
    } catch (RuntimeException e) {
      limiter.release(client);
      throw e;
    }
    CompletableFuture<List<Delivery>> answer = new CompletableFuture<>();
    pulled.whenCompleteAsync(
        (deliveries, failure) -> {
          limiter.release(client);
          boolean answered =
              failure == null ? answer.complete(deliveries) : answer.completeExceptionally(failure);
          if (!answered && failure == null && !deliveries.isEmpty()) {
            giveBack(topic, group, deliveries);
          }
        },
        api.executor());
    openPolls.add(answer);
    return answer;
  }

  /** Returns deliveries that came after the early answer, for redelivery at once. */
  private void giveBack(String topic, String group, List<Delivery> deliveries) {
    switchboard
        .nack(topic, group, deliveries.stream().map(Delivery::receipt).toList(), Duration.ZERO)
        .exceptionallyAsync(
            failure -> {
              // their lease still brings them back
              log.debug(
                  "Could not give back {} deliveries of {}/{}: {}",
                  deliveries.size(),
                  topic,
                  group,
                  failure.toString());
              return null;
            },
            api.executor());
  }

  private CompletionStage<HttpResponse> answer(
      String topic, String group, CompletionStage<List<Delivery>> deliveries) {
    return deliveries.thenApplyAsync(
        taken -> {
          api.metrics().delivered(topic, group, taken.size());
          return api.ok(
              new DeliveryList(
                  taken.stream().map(d -> DeliveryView.of(d, api.payloads())).toList()));
        },
        api.executor());
  }

  private HttpResponse refused(
      org.apache.pekko.http.javadsl.model.StatusCode status, String code, String message) {
    long seconds = Math.max(1, (api.settings().defaultRetryAfter().toMillis() + 999) / 1000);
    return api.failures().error(status, code, message).addHeader(RetryAfter.create(seconds));
  }

  /** Returns the address a request came from: the connection's, never a header a client may set. */
  private static String client(HttpRequest request) {
    return request
        .getAttribute(AttributeKeys.remoteAddress)
        .flatMap(address -> address.getAddress())
        .map(InetAddress::getHostAddress)
        .orElse("unknown");
  }

  private CompletionStage<HttpResponse> settled(
      String topic, String group, String kind, CompletionStage<AckResult> result) {
    return result.thenApplyAsync(
        done -> {
          api.metrics().settled(topic, group, kind, done.accepted().size());
          return api.ok(SettleResult.of(done));
        },
        api.executor());
  }

  static void checkNames(String topic, String group) {
    Names.requireTopic(topic);
    Names.requireGroup(group);
  }
}
