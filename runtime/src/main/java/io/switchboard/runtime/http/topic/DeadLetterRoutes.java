package io.switchboard.runtime.http.topic;

import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.post;

import io.switchboard.message.Names;
import io.switchboard.runtime.http.ApiContext;
import io.switchboard.runtime.http.MessageView;
import io.switchboard.runtime.http.Params;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code /v1/topics/{topic}/dead-letters}: list them, and replay them to their group. */
public final class DeadLetterRoutes {
  private static final int DEFAULT_LIMIT = 100;

  private final ApiContext api;

  public DeadLetterRoutes(ApiContext api) {
    this.api = api;
  }

  /** Routes matched at {@code /v1/topics/{topic}/dead-letters}. */
  public Route routes(String topic) {
    int most = api.settings().maxDeadLetters();
    return concat(
        pathEnd(() -> get(() -> parameterOptional("limit", limit -> api.respond(() -> {
          int count = Params.intParam("limit", limit, Math.min(DEFAULT_LIMIT, most), 1, most);
          return api.switchboard().deadLetters(Names.requireTopic(topic), count).thenApplyAsync(
              letters -> api.ok(new DeadLetterList(
                  letters.stream().map(m -> MessageView.of(m, api.payloads())).toList())),
              api.executor());
        })))),
        path("replay", () -> post(() -> parameterOptional("max", max -> extractRequest(
            request -> api.respond(() -> {
              Names.requireTopic(topic);
              return api.optionalBody(request, ReplayRequest.class).thenComposeAsync(
                  body -> api.switchboard().replayDeadLetters(topic, replayMax(max, body, most)),
                  api.executor())
                  .thenApplyAsync(count -> api.ok(new ReplayResult(count)), api.executor());
            }))))));
  }

  private static int replayMax(Optional<String> query, Optional<ReplayRequest> body, int most) {
    if (body.isPresent() && body.get().max() != null) {
      return Params.intValue("max", body.get().max(), DEFAULT_LIMIT, 1, most);
    }
    return Params.intParam("max", query, Math.min(DEFAULT_LIMIT, most), 1, most);
  }

  /** The answer of a listing. */
  public record DeadLetterList(List<MessageView> deadLetters) {}

  /** The optional body of a replay. */
  public record ReplayRequest(Integer max) {}

  /** The answer of a replay: how many dead letters went back to their group. */
  public record ReplayResult(int replayed) {}
}
