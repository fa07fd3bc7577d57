package io.switchboard.runtime.http.topic;

import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.path;

import io.switchboard.message.Names;
import io.switchboard.runtime.http.ApiContext;
import io.switchboard.runtime.http.Params;
import java.util.List;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /v1/topics/{topic}/groups/{group}/backlog?limit=N}: a peek at the oldest messages
 * waiting for the group. It leases, delivers and writes nothing: a consumer gets them as if nobody
 * had looked.
 */
public final class BacklogRoute {
  private static final int DEFAULT_LIMIT = 20;

  private final ApiContext api;
  private final BrowseSettings settings;

  public BacklogRoute(ApiContext api) {
    this.api = api;
    // read once per node: the routes are built once
    this.settings = BrowseSettings.of(api.switchboard().system().settings().config());
  }

  /** Routes matched at {@code /v1/topics/{topic}/groups/{group}}. */
  public Route route(String topic, String group) {
    int most = settings.maxMessages();
    return path(
        "backlog",
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
                                          "limit", limit, Math.min(DEFAULT_LIMIT, most), 1, most);
                                  return api.switchboard()
                                      .browseBacklog(
                                          Names.requireTopic(topic),
                                          Names.requireGroup(group),
                                          count)
                                      .thenApplyAsync(
                                          entries ->
                                              api.ok(
                                                  new Backlog(
                                                      entries.stream()
                                                          .map(
                                                              e ->
                                                                  BacklogView.of(
                                                                      e, settings.previewBytes()))
                                                          .toList())),
                                          api.executor());
                                }))));
  }

  /** The answer: the group's oldest waiting messages, oldest first. */
  public record Backlog(List<BacklogView> messages) {}
}
