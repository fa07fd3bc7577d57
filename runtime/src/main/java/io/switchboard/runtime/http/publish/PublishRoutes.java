package io.switchboard.runtime.http.publish;

import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.post;

import io.switchboard.ErrorCode;
import io.switchboard.Switchboard;
import io.switchboard.SwitchboardException;
import io.switchboard.message.Message;
import io.switchboard.message.MessageValidator;
import io.switchboard.message.Names;
import io.switchboard.producer.Confirm;
import io.switchboard.runtime.auth.Principal;
import io.switchboard.runtime.auth.TenantStamp;
import io.switchboard.runtime.http.ApiContext;
import io.switchboard.runtime.quota.RateLimits;
import io.switchboard.runtime.quota.TenantRateLimiter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code POST /v1/topics/{topic}/messages} and {@code POST /v1/publish}: answers once the
 * partitions have confirmed, with the ids, partitions and offsets.
 */
public final class PublishRoutes {
  /** Placeholder topic of a message published through the router, which sets each bound topic. */
  static final String ROUTER_TOPIC = "router";

  private final ApiContext api;
  private final Switchboard switchboard;
  private final MessageFactory factory;
  private final TenantRateLimiter limiter;

  public PublishRoutes(ApiContext api) {
    this.api = api;
    this.switchboard = api.switchboard();
    this.factory = new MessageFactory(new MessageValidator(switchboard.limits()));
    this.limiter = RateLimits.get(switchboard.system());
  }

  /** Routes matched at {@code /v1/topics/{topic}/messages}, for {@code principal}. */
  public Route toTopic(String topic, Principal principal) {
    return pathEnd(
        () ->
            post(
                () ->
                    extractRequest(
                        request ->
                            api.respond(
                                () -> {
                                  Names.requireTopic(topic);
                                  return api.rawBody(request)
                                      .thenComposeAsync(
                                          body ->
                                              publish(
                                                  topic, PublishBody.parse(body, api), principal),
                                          api.executor());
                                }))));
  }

  /** Routes matched at {@code /v1/publish}, for {@code principal}. */
  public Route throughRouter(Principal principal) {
    return pathEnd(
        () ->
            post(
                () ->
                    extractRequest(
                        request ->
                            api.respond(
                                () ->
                                    api.rawBody(request)
                                        .thenComposeAsync(
                                            body -> route(PublishBody.parse(body, api), principal),
                                            api.executor())))));
  }

  private CompletionStage<HttpResponse> publish(
      String topic, PublishBody body, Principal principal) {
    String tenant = TenantStamp.of(principal);
    List<Message> messages =
        body.messages().stream().map(m -> factory.create(topic, m, tenant)).toList();
    limiter.admit(principal, messages);
    api.metrics().published(topic, messages.size());
    if (!body.batch()) {
      return switchboard
          .publish(messages.get(0))
          .thenApplyAsync(
              confirm -> {
                api.metrics().confirmed(topic, 1);
                return api.ok(confirm);
              },
              api.executor());
    }
    return switchboard
        .publishAll(messages)
        .thenApplyAsync(
            confirms -> {
              api.metrics().confirmed(topic, confirms.size());
              return api.ok(new ConfirmList(confirms));
            },
            api.executor());
  }

  private CompletionStage<HttpResponse> route(PublishBody body, Principal principal) {
    String tenant = TenantStamp.of(principal);
    List<Message> messages = body.messages().stream().map(m -> routable(m, tenant)).toList();
    limiter.admit(principal, messages);
    CompletionStage<List<Confirm>> all = CompletableFuture.completedFuture(List.of());
    for (Message message : messages) {
      all =
          all.thenComposeAsync(
              done ->
                  switchboard
                      .route(message)
                      .thenApplyAsync(confirms -> concat(done, confirms), api.executor()),
              api.executor());
    }
    return all.thenApplyAsync(
        confirms -> {
          // the bound topics are known once the router answered: count each as published there too
          confirms.forEach(
              confirm -> {
                api.metrics().published(confirm.topic(), 1);
                api.metrics().confirmed(confirm.topic(), 1);
              });
          return api.ok(new ConfirmList(confirms));
        },
        api.executor());
  }

  private Message routable(MessageRequest request, String tenant) {
    if (request.type() == null || request.type().isBlank()) {
      throw new SwitchboardException(ErrorCode.INVALID_MESSAGE, "a routed message needs a type");
    }
    return factory.create(ROUTER_TOPIC, request, tenant);
  }

  private static List<Confirm> concat(List<Confirm> first, List<Confirm> second) {
    return Stream.concat(first.stream(), second.stream()).toList();
  }
}
