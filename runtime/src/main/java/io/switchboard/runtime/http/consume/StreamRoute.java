package io.switchboard.runtime.http.consume;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.handleWebSocketMessages;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.path;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.runtime.http.ApiContext;
import io.switchboard.runtime.http.Params;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /v1/topics/{topic}/groups/{group}/stream?credit=N}: a WebSocket consumer. Checks the
 * names, the topic and the group before upgrading, so a refused stream gets a JSON error.
 */
public final class StreamRoute {
  private final ApiContext api;
  private final StreamSession sessions;

  public StreamRoute(ApiContext api) {
    this.api = api;
    this.sessions = new StreamSession(api);
  }

  /** Routes matched under {@code /v1/topics/{topic}/groups/{group}}. */
  public Route route(String topic, String group) {
    return path(
        "stream",
        () ->
            get(
                () ->
                    parameterOptional(
                        "credit",
                        credit ->
                            parameterOptional(
                                "consumerId",
                                consumerId ->
                                    parameterOptional(
                                        "capacity",
                                        capacity ->
                                            onComplete(
                                                () ->
                                                    checked(
                                                        topic, group, credit, consumerId, capacity),
                                                settings ->
                                                    settings.isSuccess()
                                                        ? handleWebSocketMessages(
                                                            sessions.flow(
                                                                topic, group, settings.get()))
                                                        : complete(
                                                            api.failures()
                                                                .toResponse(
                                                                    settings.failed().get()))))))));
  }

  private CompletionStage<ConsumerSettings> checked(
      String topic,
      String group,
      Optional<String> credit,
      Optional<String> consumerId,
      Optional<String> capacity) {
    try {
      ConsumeRoutes.checkNames(topic, group);
      ConsumerSettings settings = settings(credit, consumerId, capacity);
      return groupExists(topic, group).thenApplyAsync(done -> settings, api.executor());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private ConsumerSettings settings(
      Optional<String> credit, Optional<String> consumerId, Optional<String> capacity) {
    ConsumerSettings settings =
        ConsumerSettings.defaults()
            .withCredit(
                Params.intParam(
                    "credit", credit, api.settings().defaultStreamCredit(), 1, 100_000));
    if (consumerId.isPresent()) {
      settings = settings.withConsumerId(consumerId.get());
    }
    if (capacity.isPresent()) {
      settings = settings.withCapacity(Params.decimalParam("capacity", capacity.get()));
    }
    return settings;
  }

  private CompletionStage<Done> groupExists(String topic, String group) {
    return api.switchboard()
        .listGroups(topic)
        .thenApplyAsync(
            groups -> {
              if (!groups.containsKey(group)) {
                throw new SwitchboardException(
                    ErrorCode.UNKNOWN_GROUP,
                    "topic '" + topic + "' has no group named '" + group + "'");
              }
              return Done.getInstance();
            },
            api.executor());
  }
}
