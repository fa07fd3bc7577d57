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
import io.switchboard.runtime.http.ApiException;
import io.switchboard.runtime.http.MessageView;
import io.switchboard.runtime.http.Params;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code /v1/topics/{topic}/dead-letters}: list them, replay them to their group, purge them. */
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
        pathEnd(
            () ->
                get(
                    () ->
                        parameterOptional(
                            "limit",
                            limit ->
                                api.respond(
                                    () -> {
                                      int count =
                                          Params.intParam(
                                              "limit",
                                              limit,
                                              Math.min(DEFAULT_LIMIT, most),
                                              1,
                                              most);
                                      return api.switchboard()
                                          .deadLetters(Names.requireTopic(topic), count)
                                          .thenApplyAsync(
                                              letters ->
                                                  api.ok(
                                                      new DeadLetterList(
                                                          letters.stream()
                                                              .map(
                                                                  m ->
                                                                      MessageView.of(
                                                                          m, api.payloads()))
                                                              .toList())),
                                              api.executor());
                                    })))),
        path(
            "replay",
            () ->
                post(
                    () ->
                        parameterOptional(
                            "max",
                            max ->
                                extractRequest(
                                    request ->
                                        api.respond(
                                            () -> {
                                              Names.requireTopic(topic);
                                              return api.optionalBody(request, ReplayRequest.class)
                                                  .thenComposeAsync(
                                                      body -> replay(topic, max, body, most),
                                                      api.executor());
                                            }))))),
        path(
            "purge",
            () ->
                post(
                    () ->
                        parameterOptional(
                            "max",
                            max ->
                                extractRequest(
                                    request ->
                                        api.respond(
                                            () -> {
                                              Names.requireTopic(topic);
                                              return api.optionalBody(request, PurgeRequest.class)
                                                  .thenComposeAsync(
                                                      body ->
                                                          api.switchboard()
                                                              .purgeDeadLetters(
                                                                  topic,
                                                                  boundedMax(
                                                                      max,
                                                                      body.map(PurgeRequest::max),
                                                                      most)),
                                                      api.executor())
                                                  .thenApplyAsync(
                                                      count -> api.ok(new PurgeResult(count)),
                                                      api.executor());
                                            }))))));
  }

  private CompletionStage<HttpResponse> replay(
      String topic, Optional<String> max, Optional<ReplayRequest> body, int most) {
    List<String> ids = body.map(ReplayRequest::ids).orElse(null);
    if (ids == null) {
      return api.switchboard()
          .replayDeadLetters(topic, boundedMax(max, body.map(ReplayRequest::max), most))
          .thenApplyAsync(count -> api.ok(new ReplayResult(count, List.of())), api.executor());
    }
    Set<String> chosen = chosenIds(ids, max.isPresent() || body.get().max() != null, most);
    // the chosen letters are looked for where a listing can show them: among the oldest `most`
    return api.switchboard()
        .replayDeadLetters(topic, chosen, most)
        .thenApplyAsync(
            sent -> {
              List<String> notFound =
                  ids.stream().filter(id -> !sent.contains(id)).distinct().toList();
              return api.ok(new ReplayResult(sent.size(), notFound));
            },
            api.executor());
  }

  private static Set<String> chosenIds(List<String> ids, boolean withMax, int most) {
    if (withMax) {
      throw ApiException.invalid("give either ids or max, not both");
    }
    if (ids.isEmpty() || ids.size() > most) {
      throw ApiException.invalid("ids must name 1 to " + most + " dead letters, got " + ids.size());
    }
    if (ids.stream().anyMatch(id -> id == null || id.isEmpty())) {
      throw ApiException.invalid("ids must be message ids, got an empty one");
    }
    return new LinkedHashSet<>(ids);
  }

  private static int boundedMax(Optional<String> query, Optional<Integer> body, int most) {
    if (body.isPresent()) {
      return Params.intValue("max", body.get(), DEFAULT_LIMIT, 1, most);
    }
    return Params.intParam("max", query, Math.min(DEFAULT_LIMIT, most), 1, most);
  }

  /** The answer of a listing. */
  public record DeadLetterList(List<MessageView> deadLetters) {}

  /** The optional body of a replay: how many of the oldest, or which ones by message id. */
  public record ReplayRequest(Integer max, List<String> ids) {}

  /**
   * The answer of a replay: how many dead letters went back to their group, and chosen ids not
   * found.
   */
  public record ReplayResult(int replayed, List<String> notFound) {}

  /** The optional body of a purge. */
  public record PurgeRequest(Integer max) {}

  /** The answer of a purge: how many dead letters were removed for good. */
  public record PurgeResult(int purged) {}
}
