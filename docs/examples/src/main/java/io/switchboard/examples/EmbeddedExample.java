package io.switchboard.examples;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.Switchboard;
import io.switchboard.balance.Balancing;
import io.switchboard.consumer.ConsumerControl;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.message.Message;
import io.switchboard.producer.Confirm;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import io.switchboard.topic.TopicStats;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A Pekko application that embeds Switchboard: a single-node cluster with its embedded RocksDB journal in a
 * directory, one topic with two groups, a stream consumer on one group and hosted workers on
 * the other. Run it with an optional data directory as the only argument.
 */
public final class EmbeddedExample {
  static final String TOPIC = "chat-requests";
  static final String STREAM_GROUP = "responders";
  static final String WORKER_GROUP = "archivers";

  /** What one run did: messages published, consumed by the stream, handled by workers, acked. */
  public record Summary(int published, int consumed, int handledByWorkers, long ackedByStream,
      long ackedByWorkers) {}

  private EmbeddedExample() {}

  public static void main(String[] args) throws IOException {
    Path dataDir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("switchboard-example");
    Summary summary = run(config(dataDir), 20, System.out);
    System.out.println(summary);
  }

  /** Returns the application's config: Switchboard's reference.conf behind a few overrides. */
  public static Config config(Path dataDir) {
    String dir = dataDir.toAbsolutePath().toString().replace('\\', '/');
    // load() puts reference.conf behind the overrides before resolving, so the journal URL
    // (built from ${switchboard.data-dir}) sees this directory.
    return ConfigFactory.load(ConfigFactory.parseString("""
        switchboard.data-dir = "%s"
        pekko.remote.artery.canonical { hostname = 127.0.0.1, port = 0 }
        pekko.coordinated-shutdown.exit-jvm = off
        pekko.loglevel = WARNING
        """.formatted(dir)));
  }

  /** Starts a node, publishes {@code count} messages, consumes them twice, stops the node. */
  public static Summary run(Config config, int count, PrintStream out) {
    ActorSystem<Void> system = start(config);
    try {
      out.println("node up at " + Cluster.get(system).selfMember().address());
      return exercise(Switchboard.get(system), system, count, out);
    } finally {
      system.terminate();
      await(system.getWhenTerminated());
    }
  }

  /** Starts a single-node cluster and returns once Switchboard is ready on it. */
  public static ActorSystem<Void> start(Config config) {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "example", config);
    // A single-node cluster: the node joins itself. Several nodes would list seed nodes instead.
    Cluster cluster = Cluster.get(system);
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    try {
      // Completes once the journal tables exist and the registry (a cluster singleton) answers.
      await(Switchboard.get(system).ready());
      return system;
    } catch (RuntimeException notReady) {
      system.terminate();
      throw notReady;
    }
  }

  private static Summary exercise(Switchboard switchboard, ActorSystem<?> system, int count,
      PrintStream out) {
    // Groups receive what is published after they exist: create them before publishing.
    TopicConfig topic = await(switchboard.createTopic(switchboard.topicDefaults(TOPIC)
        .withPartitions(2)
        .withAckLease(Duration.ofSeconds(10))));
    await(switchboard.createGroup(TOPIC, STREAM_GROUP,
        GroupConfig.DEFAULT.withBalancing(Balancing.CONSISTENT_HASH)));
    await(switchboard.createGroup(TOPIC, WORKER_GROUP, GroupConfig.DEFAULT));
    out.println("created topic " + topic.name() + " with " + topic.partitions()
        + " partitions and groups " + STREAM_GROUP + ", " + WORKER_GROUP);

    List<Confirm> confirms = publish(switchboard, system, count);
    out.println("published " + confirms.size() + " messages");

    Set<String> consumed = ConcurrentHashMap.newKeySet();
    CompletableFuture<Done> allConsumed = new CompletableFuture<>();
    ConsumerControl consumer = consume(switchboard, system, everyOne(consumed, count, allConsumed));

    Set<String> handled = ConcurrentHashMap.newKeySet();
    CompletableFuture<Done> allHandled = new CompletableFuture<>();
    Consumer<Message> archive = everyOne(handled, count, allHandled);
    ConsumerControl workers = await(switchboard.runWorkers(TOPIC, WORKER_GROUP,
        (message, attempt) -> {
          // Runs on the worker actor: return a stage rather than block. A completed stage acks
          // the message; a failed one (or a throw) nacks it for redelivery.
          archive.accept(message);
          return CompletableFuture.completedFuture(null);
        }, 2));

    await(allConsumed);
    out.println("consumed and acked " + consumed.size() + " messages in group " + STREAM_GROUP);
    await(allHandled);
    out.println("workers handled " + handled.size() + " messages in group " + WORKER_GROUP);

    // Acks reach the partitions after the code that sent them moved on. A consumer that stops
    // first has its unrecorded deliveries counted as failed, so wait for the partitions' numbers.
    TopicStats stats = awaitAcked(switchboard, system, count);
    out.println("partitions recorded the acks: " + stats.groups());
    await(consumer.stop());
    await(workers.stop());
    return new Summary(confirms.size(), consumed.size(), handled.size(),
        acked(stats, STREAM_GROUP), acked(stats, WORKER_GROUP));
  }

  private static List<Confirm> publish(Switchboard switchboard, ActorSystem<?> system, int count) {
    // The publisher flow batches what arrives together into one write per partition and keeps
    // at most 4 writes unconfirmed: a slow journal slows this source down.
    return await(Source.range(1, count)
        .map(i -> Message.builder(TOPIC)
            .key("conversation-" + (i % 5))
            .type("chat.request")
            .source("web")
            .text("turn " + i)
            .build())
        .via(switchboard.publisher(4))
        .runWith(Sink.seq(), system));
  }

  private static ConsumerControl consume(Switchboard switchboard, ActorSystem<?> system,
      Consumer<Message> work) {
    // Credit 8: each partition sends this consumer at most 8 unacknowledged deliveries.
    ConsumerSettings settings = ConsumerSettings.defaults()
        .withConsumerId("example-responder")
        .withCredit(8);
    return switchboard.source(TOPIC, STREAM_GROUP, settings)
        .map(delivery -> {
          // On failure: delivery.nack(Duration.ofSeconds(1)) redelivers it a second later.
          work.accept(delivery.message());
          delivery.ack();
          return delivery;
        })
        .to(Sink.ignore())
        .run(system);
  }

  /** Returns work that records message ids and completes {@code all} once it saw {@code count}. */
  private static Consumer<Message> everyOne(Set<String> seen, int count, CompletableFuture<Done> all) {
    return message -> {
      seen.add(message.id());
      if (seen.size() >= count) {
        all.complete(Done.getInstance());
      }
    };
  }

  /** Acks travel to the partitions asynchronously; asks for the stats until all are recorded. */
  private static TopicStats awaitAcked(Switchboard switchboard, ActorSystem<?> system, int count) {
    return await(Patterns.retry(() -> switchboard.stats(TOPIC).thenApply(stats -> {
      if (acked(stats, STREAM_GROUP) < count || acked(stats, WORKER_GROUP) < count) {
        throw new IllegalStateException("not all acks recorded yet: " + stats.groups());
      }
      return stats;
    }), 100, Duration.ofMillis(100), system));
  }

  private static long acked(TopicStats stats, String group) {
    return stats.groups().stream().filter(g -> g.group().equals(group))
        .mapToLong(TopicStats.GroupStats::acked).sum();
  }

  static <T> T await(CompletionStage<T> stage) {
    return stage.toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
  }
}
