package io.switchboard.runtime.http.consume;

import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.post;

import io.switchboard.Switchboard;
import io.switchboard.consumer.AckResult;
import io.switchboard.message.Names;
import io.switchboard.runtime.http.ApiContext;
import io.switchboard.runtime.http.Params;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code /v1/topics/{topic}/groups/{group}/pull|ack|nack}: consuming by long poll. */
public final class ConsumeRoutes {
  private static final int DEFAULT_MAX = 10;

  private final ApiContext api;
  private final Switchboard switchboard;

  public ConsumeRoutes(ApiContext api) {
    this.api = api;
    this.switchboard = api.switchboard();
  }

  /** Routes matched under {@code /v1/topics/{topic}/groups/{group}}. */
  public Route routes(String topic, String group) {
    return concat(
        path("pull", () -> post(() -> extractRequest(request -> api.respond(() -> {
          checkNames(topic, group);
          return api.optionalBody(request, PullRequest.class).thenComposeAsync(
              body -> pull(topic, group, body.orElse(PullRequest.DEFAULT)), api.executor());
        })))),
        path("ack", () -> post(() -> extractRequest(request -> api.respond(() -> {
          checkNames(topic, group);
          return api.body(request, SettleRequest.class).thenComposeAsync(
              body -> settled(topic, group, "ack",
                  switchboard.ack(topic, group, body.parsed(api.settings().maxPull()))),
              api.executor());
        })))),
        path("nack", () -> post(() -> extractRequest(request -> api.respond(() -> {
          checkNames(topic, group);
          return api.body(request, SettleRequest.class).thenComposeAsync(
              body -> settled(topic, group, "nack",
                  switchboard.nack(topic, group, body.parsed(api.settings().maxPull()),
                      body.delay(api.settings().maxNackDelay()))),
              api.executor());
        })))));
  }

  private CompletionStage<HttpResponse> pull(String topic, String group, PullRequest body) {
    int max = Params.intValue("max", body.max(), DEFAULT_MAX, 1, api.settings().maxPull());
    long waitMs = Params.longValue(
        "waitMs", body.waitMs(), 0, 0, api.settings().maxPullWait().toMillis());
    return switchboard.pull(topic, group, max, Duration.ofMillis(waitMs)).thenApplyAsync(deliveries -> {
      api.metrics().delivered(topic, group, deliveries.size());
      return api.ok(new DeliveryList(
          deliveries.stream().map(d -> DeliveryView.of(d, api.payloads())).toList()));
    }, api.executor());
  }

  private CompletionStage<HttpResponse> settled(
      String topic, String group, String kind, CompletionStage<AckResult> result) {
    return result.thenApplyAsync(done -> {
      api.metrics().settled(topic, group, kind, done.accepted().size());
      return api.ok(SettleResult.of(done));
    }, api.executor());
  }

  static void checkNames(String topic, String group) {
    Names.requireTopic(topic);
    Names.requireGroup(group);
  }
}
