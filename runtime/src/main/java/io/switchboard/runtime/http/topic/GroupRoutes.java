package io.switchboard.runtime.http.topic;

import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.delete;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.post;

import io.switchboard.Switchboard;
import io.switchboard.message.Names;
import io.switchboard.runtime.http.ApiContext;
import java.util.Comparator;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code /v1/topics/{topic}/groups}: create, list and delete consumer groups. */
public final class GroupRoutes {
  private final ApiContext api;
  private final Switchboard switchboard;

  public GroupRoutes(ApiContext api) {
    this.api = api;
    this.switchboard = api.switchboard();
  }

  /** Routes matched at {@code /v1/topics/{topic}/groups}. */
  public Route collection(String topic) {
    return pathEnd(
        () ->
            concat(
                post(
                    () ->
                        extractRequest(
                            request ->
                                api.respond(
                                    () -> {
                                      Names.requireTopic(topic);
                                      return api.body(request, GroupRequest.class)
                                          .thenComposeAsync(
                                              body -> {
                                                String group = body.groupName();
                                                return switchboard
                                                    .createGroup(topic, group, body.toConfig())
                                                    .thenApplyAsync(
                                                        done ->
                                                            api.created(
                                                                GroupView.of(
                                                                    group, body.toConfig())),
                                                        api.executor());
                                              },
                                              api.executor());
                                    }))),
                get(
                    () ->
                        api.respond(
                            () ->
                                switchboard
                                    .listGroups(Names.requireTopic(topic))
                                    .thenApplyAsync(
                                        groups ->
                                            api.ok(
                                                new GroupList(
                                                    groups.entrySet().stream()
                                                        .map(
                                                            group ->
                                                                GroupView.of(
                                                                    group.getKey(),
                                                                    group.getValue()))
                                                        .sorted(
                                                            Comparator.comparing(GroupView::name))
                                                        .toList())),
                                        api.executor())))));
  }

  /** Routes matched at {@code /v1/topics/{topic}/groups/{group}}. */
  public Route single(String topic, String group) {
    return pathEnd(
        () ->
            delete(
                () ->
                    api.respond(
                        () ->
                            switchboard
                                .deleteGroup(Names.requireTopic(topic), Names.requireGroup(group))
                                .thenApplyAsync(done -> api.noContent(), api.executor()))));
  }
}
