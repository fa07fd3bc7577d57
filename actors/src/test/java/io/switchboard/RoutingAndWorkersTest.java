package io.switchboard;

import static io.switchboard.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.balance.Balancing;
import io.switchboard.consumer.ConsumerControl;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.message.Message;
import io.switchboard.routing.Route;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.Test;

/** Routes by message type, hosted workers, and balancing through real partitions. */
class RoutingAndWorkersTest extends NodeTest {

  @Test
  void routesByTypePatternToEveryBoundTopic() {
    result(sb.createTopic(TopicConfig.of("chat").withPartitions(1)));
    result(sb.createTopic(TopicConfig.of("events").withPartitions(1)));
    result(sb.addRoute(new Route("chat.*", "chat")));
    result(sb.addRoute(new Route("#", "events")));

    assertThat(result(sb.route(Message.builder("any").type("chat.request").build())))
        .extracting(c -> c.topic())
        .containsExactlyInAnyOrder("chat", "events");
    assertThat(result(sb.route(Message.builder("any").type("chat.request.v2").build())))
        .extracting(c -> c.topic())
        .containsExactly("events");
    assertThat(result(sb.routes())).hasSize(2);
    result(sb.removeRoute(new Route("#", "events")));
    assertThat(result(sb.route(Message.builder("any").type("audit").build()))).isEmpty();
  }

  @Test
  void hostedWorkersAckOnSuccessAndRetryFailures() {
    result(sb.createTopic(TopicConfig.of("jobs").withPartitions(2)));
    result(sb.createGroup("jobs", "workers", GroupConfig.DEFAULT));
    Map<String, Integer> handled = new ConcurrentHashMap<>();
    AtomicInteger failures = new AtomicInteger();
    ConsumerControl pool =
        result(
            sb.runWorkers(
                "jobs",
                "workers",
                (message, attempt) -> {
                  if (message.key().equals("flaky") && attempt == 1) {
                    failures.incrementAndGet();
                    throw new IllegalStateException("first try fails");
                  }
                  handled.merge(message.id(), 1, Integer::sum);
                  return CompletableFuture.completedFuture(null);
                },
                3));
    List<Message> jobs = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      jobs.add(Message.builder("jobs").key(i == 0 ? "flaky" : "job-" + i).text("j" + i).build());
    }
    result(sb.publishAll(jobs));

    await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() == 30);
    result(pool.stop());
    assertThat(failures.get()).isEqualTo(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> result(sb.stats("jobs")).stored() == 0);
  }

  @Test
  void runWorkersRefusesBadArgumentsInItsStageWithoutThrowing() {
    var badName = sb.runWorkers("no topic", "workers", (m, a) -> null, 1);
    var tooMany = sb.runWorkers("jobs", "workers", (m, a) -> null, 10_001);

    assertThat(badName.toCompletableFuture())
        .failsWithin(Duration.ofSeconds(5))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause()
        .isInstanceOfSatisfying(
            SwitchboardException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_NAME));
    assertThat(tooMany.toCompletableFuture())
        .failsWithin(Duration.ofSeconds(5))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause()
        .isInstanceOfSatisfying(
            SwitchboardException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
  }

  @Test
  void weightedGroupSplitsByDeclaredCapacity() {
    result(sb.createTopic(TopicConfig.of("gpu").withPartitions(1)));
    result(sb.createGroup("gpu", "infer", GroupConfig.DEFAULT.withBalancing(Balancing.WEIGHTED)));
    Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    List<ConsumerControl> consumers = new ArrayList<>();
    for (var declared : List.of(Map.entry("a10", 1.0), Map.entry("h100", 3.0))) {
      AtomicInteger count = counts.computeIfAbsent(declared.getKey(), k -> new AtomicInteger());
      consumers.add(
          sb.source(
                  "gpu",
                  "infer",
                  new ConsumerSettings(declared.getKey(), 2000, declared.getValue()))
              .map(
                  d -> {
                    count.incrementAndGet();
                    d.ack();
                    return d;
                  })
              .toMat(Sink.ignore(), Keep.left())
              .run(node.system()));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> result(sb.stats("gpu")).groups().get(0).consumers() == 2);
    List<Message> work = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      work.add(Message.builder("gpu").text("p" + i).build());
    }
    result(sb.publishAll(work));

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> counts.values().stream().mapToInt(AtomicInteger::get).sum() == 2000);
    consumers.forEach(c -> result(c.stop()));
    // Credit (2000 each) never runs out here, so the split follows capacity 1:3; with small
    // credit the windows, not the weights, would decide.
    assertThat(counts.get("h100").get() / 2000.0).isBetween(0.70, 0.80);
  }
}
