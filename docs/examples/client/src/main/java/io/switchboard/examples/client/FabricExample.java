package io.switchboard.examples.client;

import io.switchboard.Fabric;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.message.Message;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Application code written against {@link Fabric}: it runs unchanged on the embedded library
 * ({@code Switchboard.get(system)}) and on a remote node ({@code SwitchboardClient.connect}).
 */
public final class FabricExample {
  private FabricExample() {}

  /** Connects to the node in {@code switchboard.client} (127.0.0.1:7070 by default) and runs the example. */
  public static void main(String[] args) throws Exception {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "app");
    try (SwitchboardClient fabric = SwitchboardClient.connect(system)) {
      System.out.println(run(fabric, system, "greetings", 10));
    } finally {
      system.terminate();
    }
  }

  /** Publishes {@code count} greetings with a flow, then consumes and acks them; returns their texts. */
  public static List<String> run(Fabric fabric, ActorSystem<?> system, String topic, int count) throws Exception {
    await(fabric.createTopic(TopicConfig.of(topic).withPartitions(2)));
    await(fabric.createGroup(topic, "greeters", GroupConfig.DEFAULT));

    await(Source.range(1, count)
        .map(i -> Message.builder(topic).key("user-" + i).text("hello " + i).build())
        .runWith(fabric.publishSink(4), system));

    return await(fabric.source(topic, "greeters", ConsumerSettings.defaults().withCredit(32))
        .take(count)
        .map(delivery -> {
          delivery.ack();
          return new String(delivery.message().payload(), java.nio.charset.StandardCharsets.UTF_8);
        })
        .runWith(Sink.seq(), system));
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
