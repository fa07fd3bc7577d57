package io.switchboard.runtime.bench;

import com.typesafe.config.ConfigFactory;
import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import io.switchboard.client.ClientSettings;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.consumer.Delivery;
import io.switchboard.message.Message;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;

/**
 * Benchmarks a running node over gRPC with the Java client: every producer thread has a client (a
 * connection) of its own with up to the run's window of publishes unconfirmed, every consumer
 * thread a client with one Consume stream whose credit is the window.
 */
public final class GrpcBenchTarget implements BenchTarget {
  private final ActorSystem<Void> system;
  private final ClientSettings settings;
  private final SwitchboardClient admin;
  private final List<AutoCloseable> opened = new CopyOnWriteArrayList<>();
  private final ThreadLocal<SwitchboardClient> producer = new ThreadLocal<>();
  private final ThreadLocal<Consumer> consumer = new ThreadLocal<>();
  private final int window;

  /** One consumer thread's stream, its pull in progress, and the deliveries it has not acked. */
  private static final class Consumer {
    final SinkQueueWithCancel<List<Delivery>> queue;
    final Map<String, Delivery> unacked = new ConcurrentHashMap<>();
    CompletableFuture<Optional<List<Delivery>>> pulling;

    Consumer(SinkQueueWithCancel<List<Delivery>> queue) {
      this.queue = queue;
    }
  }

  /**
   * Returns a target that sends {@code token} as bearer with every call (empty:
   * switchboard.client.token).
   */
  public GrpcBenchTarget(String host, int port, int window, String token) {
    this.system =
        ActorSystem.create(
            Behaviors.empty(),
            "bench-client",
            ConfigFactory.parseString("pekko.actor.provider = local")
                .withFallback(ConfigFactory.load()));
    this.window = window;
    ClientSettings configured =
        ClientSettings.fromSystem(system)
            .withTarget(host, port)
            .withPublishWindow(Math.max(window, 1));
    this.settings = token.isEmpty() ? configured : configured.withToken(token);
    this.admin = SwitchboardClient.connect(system, settings);
  }

  @Override
  public boolean prepare(BenchSettings run, String group) {
    boolean created =
        ignoring(
            ErrorCode.TOPIC_EXISTS,
            () ->
                admin
                    .createTopic(
                        TopicConfig.of(run.topic())
                            .withPartitions(run.partitions())
                            .withDurable(run.durable()))
                    .toCompletableFuture()
                    .join());
    ignoring(
        ErrorCode.GROUP_EXISTS,
        () ->
            admin
                .createGroup(run.topic(), group, GroupConfig.DEFAULT)
                .toCompletableFuture()
                .join());
    return created;
  }

  @Override
  public void deleteTopic(String topic) {
    admin.deleteTopic(topic).toCompletableFuture().join();
  }

  @Override
  public void publish(String topic, byte[] payload, long sentNanos) {
    publishAsync(topic, payload, sentNanos).join();
  }

  @Override
  public CompletableFuture<?> publishAsync(String topic, byte[] payload, long sentNanos) {
    SwitchboardClient client = producer.get();
    if (client == null) {
      client = open();
      producer.set(client);
    }
    return client
        .publish(
            Message.builder(topic)
                .payload(payload)
                .header(SENT_HEADER, Long.toString(sentNanos))
                .build())
        .toCompletableFuture();
  }

  @Override
  public List<Received> pull(String topic, String group, int max, Duration wait) throws Exception {
    Consumer mine = consumer.get();
    if (mine == null) {
      mine = subscribe(topic, group, max);
      consumer.set(mine);
    }
    if (mine.pulling == null) {
      mine.pulling = mine.queue.pull().toCompletableFuture();
    }
    Optional<List<Delivery>> batch;
    try {
      batch = mine.pulling.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException nothingYet) {
      return List.of(); // the pull stays open for the next call
    }
    mine.pulling = null;
    List<Received> received = new ArrayList<>();
    for (Delivery delivery :
        batch.orElseThrow(() -> new IllegalStateException("the consume stream ended"))) {
      String receipt = delivery.receipt().encode();
      mine.unacked.put(receipt, delivery);
      received.add(
          new Received(
              receipt,
              Long.parseLong(delivery.message().headers().getOrDefault(SENT_HEADER, "0"))));
    }
    return received;
  }

  @Override
  public void ack(String topic, String group, List<String> receipts) {
    Consumer mine = consumer.get();
    for (String receipt : receipts) {
      Delivery delivery = mine.unacked.remove(receipt);
      if (delivery != null) {
        delivery.ack();
      }
    }
  }

  private Consumer subscribe(String topic, String group, int max) {
    SwitchboardClient client = open();
    Pair<?, SinkQueueWithCancel<List<Delivery>>> running =
        client
            .source(topic, group, ConsumerSettings.defaults().withCredit(window))
            .batch(
                max,
                first -> {
                  List<Delivery> batch = new ArrayList<>();
                  batch.add(first);
                  return batch;
                },
                (batch, next) -> {
                  batch.add(next);
                  return batch;
                })
            .toMat(Sink.queue(), Keep.both())
            .run(system);
    return new Consumer(running.second());
  }

  private SwitchboardClient open() {
    SwitchboardClient client = SwitchboardClient.connect(system, settings);
    opened.add(client);
    return client;
  }

  @Override
  public void close() {
    for (AutoCloseable client : opened) {
      try {
        client.close();
      } catch (Exception e) {
        // closing anyway
      }
    }
    admin.close();
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
  }

  /** Runs {@code create}; returns false when it found the thing existing already. */
  private static boolean ignoring(ErrorCode exists, Runnable create) {
    try {
      create.run();
      return true;
    } catch (CompletionException e) {
      if (!(e.getCause() instanceof SwitchboardException refused && refused.code() == exists)) {
        throw e;
      }
      return false;
    }
  }
}
