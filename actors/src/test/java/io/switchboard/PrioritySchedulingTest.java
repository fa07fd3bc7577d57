package io.switchboard;

import static io.switchboard.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.consumer.ConsumerControl;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.consumer.Delivery;
import io.switchboard.message.Message;
import io.switchboard.priority.SchedulingHeaders;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Priority bands, tenant fair share and token budgets on a real node with its RocksDB journal
 * (docs/requests.md#priority-bands-tenants-and-token-credit).
 */
class PrioritySchedulingTest {
  @TempDir Path dataDir;

  private static Message message(String topic, String text, String band, String tenant) {
    var builder = Message.builder(topic).text(text).createdAt(Instant.now());
    if (band != null) {
      builder.header(SchedulingHeaders.PRIORITY, band);
    }
    if (tenant != null) {
      builder.header(SchedulingHeaders.TENANT, tenant);
    }
    return builder.build();
  }

  private static void topic(Switchboard sb, String topic) {
    result(sb.createTopic(TopicConfig.of(topic).withPartitions(1)));
    result(sb.createGroup(topic, "g", GroupConfig.DEFAULT));
  }

  /**
   * Reads every message of {@code topic} one at a time (credit 1); returns their texts in order.
   */
  private static List<String> readOneByOne(TestNode node, String topic, int count) {
    List<String> seen = new CopyOnWriteArrayList<>();
    ConsumerControl control =
        node.switchboard()
            .source(topic, "g", new ConsumerSettings("reader", 1, 1.0))
            .to(
                Sink.foreach(
                    d -> {
                      seen.add(text(d));
                      d.ack();
                    }))
            .run(node.system());
    await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() >= count);
    result(control.stop());
    return List.copyOf(seen);
  }

  @Test
  void servesHigherBandsFirstAndKeepsTheirOrderAcrossARestart() {
    List<String> bands = List.of("batch", "default", "interactive");
    try (TestNode first = new TestNode(dataDir)) {
      topic(first.switchboard(), "prio");
      for (String band : bands) { // lowest first: only priority can turn the order around
        for (int i = 0; i < 5; i++) {
          result(
              first
                  .switchboard()
                  .publish(
                      message("prio", band + "-" + i, band.equals("default") ? null : band, null)));
        }
      }
      first.crash(); // nothing consumed: the classes come back from the journal
    }

    try (TestNode second = new TestNode(dataDir)) {
      List<String> read = readOneByOne(second, "prio", 15);
      assertThat(read)
          .containsExactly(
              "interactive-0",
              "interactive-1",
              "interactive-2",
              "interactive-3",
              "interactive-4",
              "default-0",
              "default-1",
              "default-2",
              "default-3",
              "default-4",
              "batch-0",
              "batch-1",
              "batch-2",
              "batch-3",
              "batch-4");
    }
  }

  /** What one run of the flood scenario saw. */
  private record FloodRun(List<Long> floodWaits, List<Long> quietWaits, int maxFloodAhead) {}

  /**
   * Publishes a flood from one tenant, then a trickle from another while a worker of fixed pace
   * (credit 4, 10 ms a message) drains them. {@code tenants} off: the same messages with no tenant
   * header, one queue (FIFO), for comparison.
   */
  private FloodRun flood(TestNode node, String topic, boolean tenants) {
    Switchboard sb = node.switchboard();
    topic(sb, topic);
    int flood = 300;
    int quiet = 15;
    List<Message> burst = new ArrayList<>();
    for (int i = 0; i < flood; i++) {
      burst.add(message(topic, "flood-" + i, null, tenants ? "flood" : null));
    }
    result(sb.publishAll(burst));

    List<String> order = new CopyOnWriteArrayList<>();
    List<Long> floodWaits = Collections.synchronizedList(new ArrayList<>());
    List<Long> quietWaits = Collections.synchronizedList(new ArrayList<>());
    var scheduler = node.system().classicSystem().scheduler();
    var ec = node.system().executionContext();
    ConsumerControl worker =
        sb.source(topic, "g", new ConsumerSettings("worker", 4, 1.0))
            .map(
                d -> {
                  long wait = System.currentTimeMillis() - d.message().createdAt().toEpochMilli();
                  (text(d).startsWith("quiet") ? quietWaits : floodWaits).add(wait);
                  order.add(text(d));
                  return d;
                })
            .mapAsync(
                1,
                d ->
                    Patterns.after(
                        Duration.ofMillis(10),
                        scheduler,
                        ec,
                        () -> CompletableFuture.completedFuture(d)))
            .to(Sink.foreach(Delivery::ack))
            .run(node.system());

    // Each quiet message is published once the worker is busy with the flood; how many flood
    // messages reach the worker between its confirm and its own delivery is what fairness bounds.
    List<Integer> seenAtConfirm = new CopyOnWriteArrayList<>();
    result(
        Source.range(0, quiet - 1)
            .throttle(1, Duration.ofMillis(100))
            .mapAsync(
                1,
                i ->
                    sb.publish(message(topic, "quiet-" + i, null, tenants ? "quiet" : null))
                        .thenApplyAsync(confirm -> seenAtConfirm.add(order.size()), ec))
            .runWith(Sink.ignore(), node.system()));
    await().atMost(Duration.ofSeconds(60)).until(() -> order.size() >= flood + quiet);
    result(worker.stop());

    int maxAhead = 0;
    for (int i = 0; i < quiet; i++) {
      int delivered = order.indexOf("quiet-" + i);
      maxAhead = Math.max(maxAhead, delivered - seenAtConfirm.get(i));
    }
    return new FloodRun(List.copyOf(floodWaits), List.copyOf(quietWaits), maxAhead);
  }

  private static long percentile(List<Long> values, double p) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
  }

  private static String describe(String name, FloodRun run) {
    return String.format(
        "%s: quiet tenant queue wait p50 %d ms p99 %d ms (%d messages), flood tenant p50 %d ms"
            + " p99 %d ms (%d messages); most deliveries between a quiet publish and its delivery: %d",
        name,
        percentile(run.quietWaits, 0.5),
        percentile(run.quietWaits, 0.99),
        run.quietWaits.size(),
        percentile(run.floodWaits, 0.5),
        percentile(run.floodWaits, 0.99),
        run.floodWaits.size(),
        run.maxFloodAhead);
  }

  @Test
  void aTenantFloodingABandDoesNotHoldBackAnotherTenantsMessages() {
    try (TestNode node = new TestNode(dataDir)) {
      FloodRun fair = flood(node, "fair", true);
      FloodRun fifo = flood(node, "fifo", false);
      System.out.println(describe("tenant fair share", fair));
      System.out.println(describe("one queue (no tenant headers)", fifo));

      // At most the worker's credit (4) was already handed out when a quiet message arrived (plus
      // what reached the stage before the confirm was seen);
      // it goes next, not behind the rest of the flood.
      assertThat(fair.maxFloodAhead).as(describe("fair", fair)).isLessThanOrEqualTo(8);
      assertThat(fifo.maxFloodAhead)
          .as("without tenants the trickle waits behind the flood")
          .isGreaterThan(50);
    }
  }

  @Test
  void neverGivesAWorkerMoreTokensThanItsBudget() {
    try (TestNode node = new TestNode(dataDir)) {
      topic(node.switchboard(), "tokens");
      long[] most = runAgainstBudget(node, "tokens", 1_000);
      assertThat(most[0]).isLessThanOrEqualTo(1_000).isGreaterThan(1_000 / 2);
      assertThat(most[1]).as("a request above the budget runs alone").isEqualTo(1_500);
    }
  }

  /**
   * One budget across a topic's partitions: a worker of four partitions never holds more than its
   * budget in total (each partition alone would give it up to the whole budget: 4x).
   */
  @Test
  void sharesOneBudgetAcrossTheTopicsPartitions() {
    try (TestNode node = new TestNode(dataDir)) {
      Switchboard sb = node.switchboard();
      result(sb.createTopic(TopicConfig.of("spread").withPartitions(4)));
      result(sb.createGroup("spread", "g", GroupConfig.DEFAULT));
      long[] most = runAgainstBudget(node, "spread", 1_000);
      assertThat(most[0]).isLessThanOrEqualTo(1_000).isGreaterThan(1_000 / 2);
      assertThat(most[1]).as("a request above the budget runs alone").isEqualTo(1_500);
    }
  }

  /**
   * Publishes 200 requests of 50-600 tokens and five of 1,500 to {@code topic}, serves them with a
   * worker of credit 50 and {@code budget}; returns the most cost it held with two or more requests
   * and the most it held alone.
   */
  private static long[] runAgainstBudget(TestNode node, String topic, long budget) {
    Switchboard sb = node.switchboard();
    SplittableRandom random = new SplittableRandom(7);
    List<Message> requests = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      long cost = i % 40 == 0 ? 1_500 : 50 + random.nextInt(550);
      requests.add(
          Message.builder(topic)
              .text("r" + i)
              .header(SchedulingHeaders.COST, Long.toString(cost))
              .build());
    }
    result(sb.publishAll(requests));

    AtomicLong held = new AtomicLong();
    AtomicInteger holding = new AtomicInteger();
    AtomicLong maxShared = new AtomicLong();
    AtomicLong maxAlone = new AtomicLong();
    AtomicInteger done = new AtomicInteger();
    var scheduler = node.system().classicSystem().scheduler();
    var ec = node.system().executionContext();
    // Credit 50 would take every request at once: the budget is what holds the worker back.
    ConsumerControl worker =
        sb.source(topic, "g", new ConsumerSettings("gpu", 50, 1.0, budget))
            .map(
                d -> {
                  long now = held.addAndGet(cost(d));
                  if (holding.incrementAndGet() > 1) {
                    maxShared.accumulateAndGet(now, Math::max);
                  } else {
                    maxAlone.accumulateAndGet(now, Math::max);
                  }
                  return d;
                })
            .mapAsyncUnordered(
                50,
                d ->
                    Patterns.after(
                        Duration.ofMillis(5 + random.nextInt(20)),
                        scheduler,
                        ec,
                        () -> CompletableFuture.completedFuture(d)))
            .to(
                Sink.foreach(
                    d -> {
                      held.addAndGet(
                          -cost(d)); // before the ack: the partition frees the tokens after it
                      holding.decrementAndGet();
                      d.ack();
                      done.incrementAndGet();
                    }))
            .run(node.system());
    await().atMost(Duration.ofSeconds(90)).until(() -> done.get() == 200);
    result(worker.stop());
    System.out.printf(
        "%s, token budget %d: most cost held with two or more requests %d, alone %d%n",
        topic, budget, maxShared.get(), maxAlone.get());
    return new long[] {maxShared.get(), maxAlone.get()};
  }

  private static String text(Delivery delivery) {
    return new String(delivery.message().payload(), java.nio.charset.StandardCharsets.UTF_8);
  }

  private static long cost(Delivery delivery) {
    return Long.parseLong(delivery.message().headers().get(SchedulingHeaders.COST));
  }
}
