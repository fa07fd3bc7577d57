package io.switchboard.internal;

import io.switchboard.SwitchboardSettings;
import io.switchboard.internal.ask.Asks;
import io.switchboard.internal.directory.TopicDirectory;
import io.switchboard.internal.publish.Publishing;
import io.switchboard.internal.publish.UnreachableFailFast;
import io.switchboard.internal.request.Requests;
import io.switchboard.message.MessageValidator;
import io.switchboard.request.RequestMetrics;
import java.time.Clock;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The engines behind the {@link io.switchboard.Switchboard} façade, wired together once per system
 * from its {@code switchboard} settings; {@link #gate()} holds calls until the node has started.
 */
public record Engines(
    TopicDirectory directory,
    Publishing publishing,
    Consuming consuming,
    DeadLetterStore deadLetters,
    TopicAdmin topics,
    RouteAdmin routes,
    Requests requests,
    ReadyGate gate) {

  /** Wires the engines and starts the node's side of Switchboard. */
  public static Engines wire(
      ActorSystem<?> system, SwitchboardSettings settings, RequestMetrics requestMetrics) {
    Executor executor = system.executionContext();
    Asks asks = new Asks(system, settings.askTimeout());
    TopicDirectory directory = new TopicDirectory(system, asks);
    MessageValidator validator = new MessageValidator(settings.limits());
    Publishing publishing =
        new Publishing(
            directory,
            asks,
            UnreachableFailFast.of(system, settings),
            validator,
            executor,
            settings.maxBatchBytes());
    Consuming consuming = new Consuming(system, settings, directory, asks);
    DeadLetterStore deadLetters = new DeadLetterStore(directory, asks, publishing, executor);
    TopicAdmin topics = new TopicAdmin(asks, directory, executor, settings.deadLetters());
    RouteAdmin routes = new RouteAdmin(asks, directory, publishing, executor);
    Requests requests =
        new Requests(
            system,
            settings.requests(),
            asks,
            publishing,
            validator,
            settings.limits().maxPayloadBytes(),
            directory::deadLetterPartition,
            // A request being answered renews its delivery's lease (it exists only after startup).
            delivery -> consuming.renew(delivery),
            Clock.systemUTC(),
            requestMetrics);
    ReadyGate gate =
        new ReadyGate(Startup.start(system, directory, settings, requestMetrics), executor);
    return new Engines(
        directory, publishing, consuming, deadLetters, topics, routes, requests, gate);
  }
}
