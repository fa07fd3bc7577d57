package io.switchboard.runtime.http.topic;

import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.delete;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.post;

import io.switchboard.ErrorCode;
import io.switchboard.Switchboard;
import io.switchboard.SwitchboardException;
import io.switchboard.message.Names;
import io.switchboard.runtime.http.ApiContext;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import io.switchboard.topic.TopicStats;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code /v1/topics} and {@code /v1/topics/{topic}}: create, list, describe, delete. */
public final class TopicRoutes {
  private final ApiContext api;
  private final Switchboard switchboard;

  public TopicRoutes(ApiContext api) {
    this.api = api;
    this.switchboard = api.switchboard();
  }

  /**
   * Routes of the collection, matched at {@code /v1/topics}; the listing shows the topics {@code
   * visible} accepts.
   */
  public Route collection(Predicate<String> visible) {
    return pathEnd(
        () ->
            concat(
                post(
                    () ->
                        extractRequest(
                            request ->
                                api.respond(
                                    () ->
                                        api.body(request, TopicRequest.class)
                                            .thenComposeAsync(
                                                body ->
                                                    switchboard.createTopic(
                                                        body.toConfig(switchboard)),
                                                api.executor())
                                            .thenApplyAsync(
                                                created -> api.created(TopicView.of(created)),
                                                api.executor())))),
                get(
                    () ->
                        api.respond(
                            () ->
                                switchboard
                                    .listTopics()
                                    .thenApplyAsync(
                                        topics ->
                                            api.ok(
                                                new TopicList(
                                                    topics.stream()
                                                        .filter(topic -> visible.test(topic.name()))
                                                        .map(TopicView::of)
                                                        .toList())),
                                        api.executor())))));
  }

  /** Routes of one topic, matched at {@code /v1/topics/{topic}}. */
  public Route single(String topic) {
    return pathEnd(
        () ->
            concat(
                get(() -> api.respond(() -> describe(Names.requireTopic(topic)))),
                delete(
                    () ->
                        api.respond(
                            () ->
                                switchboard
                                    .deleteTopic(Names.requireTopic(topic))
                                    .thenApplyAsync(done -> api.noContent(), api.executor())))));
  }

  private CompletionStage<HttpResponse> describe(String topic) {
    CompletionStage<TopicConfig> config =
        switchboard
            .describeTopic(topic)
            .thenApplyAsync(
                found ->
                    found.orElseThrow(
                        () ->
                            new SwitchboardException(
                                ErrorCode.UNKNOWN_TOPIC, "no topic named '" + topic + "'")),
                api.executor());
    return config.thenComposeAsync(
        found ->
            switchboard
                .listGroups(topic)
                .thenCombineAsync(
                    switchboard.stats(topic),
                    (groups, stats) -> api.ok(details(found, groups, stats)),
                    api.executor()),
        api.executor());
  }

  private static TopicDetails details(
      TopicConfig config, Map<String, GroupConfig> groups, TopicStats stats) {
    List<GroupView> views =
        groups.entrySet().stream()
            .map(group -> GroupView.of(group.getKey(), group.getValue()))
            .sorted(Comparator.comparing(GroupView::name))
            .toList();
    return new TopicDetails(TopicView.of(config), views, stats);
  }
}
