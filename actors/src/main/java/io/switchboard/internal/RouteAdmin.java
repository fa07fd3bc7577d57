package io.switchboard.internal;

import io.switchboard.internal.ask.Asks;
import io.switchboard.internal.directory.TopicDirectory;
import io.switchboard.internal.publish.Publishing;
import io.switchboard.internal.topic.Catalog;
import io.switchboard.internal.topic.TopicRegistry;
import io.switchboard.message.Message;
import io.switchboard.producer.Confirm;
import io.switchboard.routing.Route;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;

/**
 * Routes by message type: adding and removing them in the registry, and publishing through them.
 */
public final class RouteAdmin {
  private final Asks asks;
  private final TopicDirectory directory;
  private final Publishing publishing;
  private final Executor executor;

  public RouteAdmin(Asks asks, TopicDirectory directory, Publishing publishing, Executor executor) {
    this.asks = asks;
    this.directory = directory;
    this.publishing = publishing;
    this.executor = executor;
  }

  /** Adds a route; refuses control characters in its pattern and a dead-letter target. */
  public CompletionStage<Done> add(Route route) {
    route.requireAddable();
    return asks.<TopicRegistry.Command, Done>askWithStatus(
            directory.registry(), replyTo -> new TopicRegistry.AddRoute(route, replyTo))
        .thenComposeAsync(done -> directory.refresh(), executor)
        .thenApplyAsync(catalog -> Done.getInstance(), executor);
  }

  public CompletionStage<Done> remove(Route route) {
    return asks.<TopicRegistry.Command, Done>askWithStatus(
            directory.registry(), replyTo -> new TopicRegistry.RemoveRoute(route, replyTo))
        .thenComposeAsync(done -> directory.refresh(), executor)
        .thenApplyAsync(catalog -> Done.getInstance(), executor);
  }

  public CompletionStage<List<Route>> list() {
    return directory.refresh().thenApplyAsync(Catalog::routes, executor);
  }

  /** Publishes to every topic bound to the message's type. */
  public CompletionStage<List<Confirm>> route(Message message) {
    Set<String> targets = directory.catalog().routeTable().topicsFor(message.type());
    if (!targets.isEmpty()) {
      return publishing.publishAll(targets.stream().map(message::withTopic).toList());
    }
    // A route added on another node may not have reached this one yet: ask the registry.
    return directory
        .refresh()
        .thenComposeAsync(
            fresh -> {
              Set<String> bound = fresh.routeTable().topicsFor(message.type());
              return bound.isEmpty()
                  ? CompletableFuture.completedFuture(List.<Confirm>of())
                  : publishing.publishAll(bound.stream().map(message::withTopic).toList());
            },
            executor);
  }
}
